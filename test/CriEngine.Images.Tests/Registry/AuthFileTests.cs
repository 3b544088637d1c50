using System.Text;
using CriEngine.Grpc;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Registry;

public sealed class AuthFileTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void Create() => _directory = new TempDirectory("criengine-authfile");

    [TearDown]
    public void Remove() => _directory.Dispose();

    private static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private async Task<AuthFile> LoadAsync(string json) => await AuthFile.LoadAsync(_directory.Write("auth.json", json));

    [Test]
    public async Task Registry_host_entry_gives_its_credentials()
    {
        var file = await LoadAsync($$"""{ "auths": { "registry.example:5000": { "auth": "{{Auth("alice", "s3cret:with:colons")}}" } } }""");

        var credentials = file.Lookup("registry.example:5000", "team/app");

        Assert.That(credentials, Is.EqualTo(new RegistryCredentials("alice", "s3cret:with:colons")));
        Assert.That(file.Lookup("other.example", "team/app"), Is.Null);
    }

    [Test]
    public async Task Most_specific_repository_path_wins()
    {
        var file = await LoadAsync($$"""
            { "auths": {
                "quay.example": { "auth": "{{Auth("host", "p")}}" },
                "quay.example/team": { "auth": "{{Auth("team", "p")}}" },
                "quay.example/team/app": { "auth": "{{Auth("app", "p")}}" } } }
            """);

        Assert.That(file.Lookup("quay.example", "team/app")?.Username, Is.EqualTo("app"));
        Assert.That(file.Lookup("quay.example", "team/other")?.Username, Is.EqualTo("team"));
        Assert.That(file.Lookup("quay.example", "team/app/sub")?.Username, Is.EqualTo("app"));
        Assert.That(file.Lookup("quay.example", "else/app")?.Username, Is.EqualTo("host"));
    }

    [Test]
    public async Task Repository_path_entry_is_not_used_for_another_repository()
    {
        var file = await LoadAsync($$"""{ "auths": { "quay.example/team/app": { "auth": "{{Auth("app", "p")}}" } } }""");

        Assert.That(file.Lookup("quay.example", "team/other"), Is.Null);
        Assert.That(file.Lookup("quay.example", "team/application"), Is.Null);
    }

    [Test]
    public async Task Url_keys_written_by_old_docker_logins_match_their_host()
    {
        var file = await LoadAsync($$"""
            { "auths": {
                "https://index.docker.io/v1/": { "auth": "{{Auth("hub", "p")}}" },
                "http://registry.example:5000/v2/": { "auth": "{{Auth("legacy", "p")}}" } } }
            """);

        Assert.That(file.Lookup("docker.io", "library/busybox")?.Username, Is.EqualTo("hub"));
        Assert.That(file.Lookup("registry.example:5000", "a")?.Username, Is.EqualTo("legacy"));
    }

    [Test]
    public async Task Identity_token_is_read()
    {
        var file = await LoadAsync($$"""{ "auths": { "r.example": { "auth": "{{Auth("<token>", "")}}", "identitytoken": "refresh-me" } } }""");

        Assert.That(file.Lookup("r.example", "a"), Is.EqualTo(new RegistryCredentials("<token>", "", "refresh-me")));
    }

    [Test]
    public async Task Entry_without_auth_gives_no_credentials()
    {
        var file = await LoadAsync("""{ "auths": { "r.example": {} }, "credHelpers": { "x": "y" } }""");

        Assert.That(file.Lookup("r.example", "a"), Is.Null);
    }

    [Test]
    public async Task Missing_file_gives_no_credentials()
    {
        var file = await AuthFile.LoadAsync(_directory.Combine("absent", "auth.json"));

        Assert.That(file.Lookup("r.example", "a"), Is.Null);
    }

    [TestCase("{ \"auths\": ")]
    [TestCase("{ \"auths\": [] }")]
    [TestCase("{ \"auths\": { \"r.example\": { \"auth\": \"***not base64***\" } } }")]
    [TestCase("{ \"auths\": { \"r.example\": { \"auth\": 12 } } }")]
    public void Malformed_file_is_an_error_naming_the_file(string json)
    {
        var path = _directory.Write("auth.json", json);

        var error = Assert.ThrowsAsync<RpcException>(() => AuthFile.LoadAsync(path));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.StartWith($"auth file {path}: "));
    }

    [Test]
    public void Auth_field_decodes_to_user_and_password()
    {
        Assert.That(RegistryCredentials.FromAuthField(Auth("u", "p:q")), Is.EqualTo(new RegistryCredentials("u", "p:q")));
        Assert.That(RegistryCredentials.FromAuthField(Convert.ToBase64String("no-colon"u8)), Is.Null);
    }

    [Test]
    public void Credentials_never_print_their_secrets()
    {
        var text = new RegistryCredentials("alice", "pw-secret", "id-secret", "reg-secret").ToString();

        Assert.That(text, Does.Contain("alice").And.Not.Contain("secret"));
    }
}
