using CriEngine.Grpc;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.Registry;

/// <summary>A real docker-registry with basic auth (htpasswd) or token auth (a token server it trusts).</summary>
[Category("Integration")]
public sealed class RegistryClientAuthTests
{
    private static readonly TestCredentials Alice = new("alice", "wonder:land");

    private TempDirectory _directory = null!;
    private TestRegistry? _registry;
    private RegistryClient _client = null!;

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory("criengine-registry-auth");
        _client = RegistryClients.Create(_directory.Combine("certs.d"));
    }

    [TearDown]
    public async Task Remove()
    {
        _client.Dispose();
        if (_registry is not null)
            await _registry.DisposeAsync();
        _directory.Dispose();
    }

    private RegistryEndpoint Endpoint => new(_registry!.Host, Insecure: true);

    private async Task<PushedImage> StartWithImageAsync(TestRegistryOptions options)
    {
        _registry = await TestRegistry.StartAsync(options);
        return await _registry.PushAsync("private/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
    }

    /// <summary>What a pull does: the manifest, the config, every layer.</summary>
    private async Task PullAsync(PushedImage pushed, RegistryCredentials? credentials)
    {
        await _client.GetManifestAsync(Endpoint, pushed.Repository, pushed.Tag, credentials, CancellationToken.None);
        await _client.ReadBlobAsync(Endpoint, pushed.Repository, pushed.ConfigDigest, pushed.ConfigSize, credentials);
        foreach (var layer in pushed.Layers)
            await _client.ReadBlobAsync(Endpoint, pushed.Repository, layer.Digest, layer.Size, credentials);
    }

    [Test]
    public async Task Basic_auth_pull_works_with_the_credentials()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { BasicAuth = Alice });

        var manifest = await _client.GetManifestAsync(Endpoint, "private/app", "v1", new RegistryCredentials(Alice.Username, Alice.Password), CancellationToken.None);

        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
    }

    [Test]
    public async Task Basic_auth_without_credentials_is_unauthenticated()
    {
        await StartWithImageAsync(new TestRegistryOptions { BasicAuth = Alice });

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(Endpoint, "private/app", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(error.Message, Does.StartWith($"manifest {_registry!.Host}/private/app:v1: registry {_registry.Host} requires authentication and no credentials were given (401"));
    }

    [Test]
    public async Task Basic_auth_with_a_wrong_password_is_unauthenticated()
    {
        await StartWithImageAsync(new TestRegistryOptions { BasicAuth = Alice });

        var error = Assert.ThrowsAsync<RpcException>(() =>
            _client.GetManifestAsync(Endpoint, "private/app", "v1", new RegistryCredentials(Alice.Username, "wrong"), CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(error.Message, Does.Contain($"registry {_registry!.Host} refused the credentials (401"));
    }

    [Test]
    public async Task Anonymous_token_is_fetched_once_and_reused_for_the_whole_pull()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { TokenAuth = new TokenServerOptions() });
        var before = _registry!.TokenServer!.Requests.Count;

        await PullAsync(pushed, null);
        await PullAsync(pushed, null);

        var requests = _registry.TokenServer.Requests.Skip(before).ToList();
        Assert.That(requests, Has.Count.EqualTo(1));
        Assert.That(requests[0].Scopes, Is.EqualTo(new[] { "repository:private/app:pull" }));
        Assert.That(requests[0].Service, Is.EqualTo(new TokenServerOptions().Service));
        Assert.That(requests[0].Username, Is.Null);
    }

    [Test]
    public async Task Token_server_gets_the_basic_credentials_and_the_token_is_cached_per_credentials()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { TokenAuth = new TokenServerOptions { Credentials = Alice } });
        var before = _registry!.TokenServer!.Requests.Count;
        var credentials = new RegistryCredentials(Alice.Username, Alice.Password);

        await PullAsync(pushed, credentials);
        await PullAsync(pushed, credentials);

        var requests = _registry.TokenServer.Requests.Skip(before).ToList();
        Assert.That(requests.Select(r => (r.Username, r.Issued)), Is.EqualTo(new[] { ("alice", true) }));
    }

    [Test]
    public async Task Token_server_refusing_the_credentials_is_unauthenticated()
    {
        await StartWithImageAsync(new TestRegistryOptions { TokenAuth = new TokenServerOptions { Credentials = Alice } });

        var error = Assert.ThrowsAsync<RpcException>(() =>
            _client.GetManifestAsync(Endpoint, "private/app", "v1", new RegistryCredentials(Alice.Username, "wrong"), CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(error.Message, Does.StartWith($"registry {_registry!.Host}: token server {_registry.TokenServer!.Realm.Authority} refused the credentials for repository:private/app:pull (401"));
    }

    [Test]
    public async Task Registry_token_is_sent_as_bearer_without_asking_the_token_server()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { TokenAuth = new TokenServerOptions() });
        var before = _registry!.TokenServer!.Requests.Count;
        var token = _registry.TokenServer.IssueToken(["repository:private/app:pull"], service: new TokenServerOptions().Service);

        await PullAsync(pushed, new RegistryCredentials(null, null, RegistryToken: token));

        Assert.That(_registry.TokenServer.Requests.Count, Is.EqualTo(before));
    }

    [Test]
    public async Task Credentials_from_an_auth_file_pull_from_a_basic_auth_registry()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { BasicAuth = Alice });
        var path = _directory.Write("auth.json", $$"""{ "auths": { "{{_registry!.Host}}/private": { "auth": "{{Alice.BasicParameter}}" } } }""");
        var credentials = (await AuthFile.LoadAsync(path)).Lookup(_registry.Host, "private/app");

        await PullAsync(pushed, credentials);

        Assert.That(credentials?.Username, Is.EqualTo("alice"));
    }
}
