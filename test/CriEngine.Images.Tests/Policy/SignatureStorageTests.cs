using CriEngine.Images.Policy;
using CriEngine.Images.References;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Policy;

public sealed class SignatureStorageTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("criengine-registries-d");

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task Each_setting_comes_from_the_most_specific_scope_that_has_it_then_default_docker()
    {
        _directory.Write("default.yaml", """
            default-docker:
              lookaside: https://sigs.example.com/default
              use-sigstore-attachments: true
            """);
        _directory.Write("team.yaml", """
            docker:
              registry.example.com/team:
                sigstore: file:///var/sigs/team
              registry.example.com/team/app:
                use-sigstore-attachments: false
                lookaside-staging: file:///only/for/writing
            """);
        _directory.Write("ignored.yml", "default-docker: {lookaside: file:///not/read}\n");
        var storage = await SignatureStorage.LoadAsync(_directory.Path, CancellationToken.None);

        var app = ImageReference.Parse("registry.example.com/team/app:1");
        var other = ImageReference.Parse("other.example.com/x/y:1");
        Assert.That(storage.LookasideFor(app), Is.EqualTo(new Uri("file:///var/sigs/team/team/app")));
        Assert.That(storage.UsesSigstoreAttachments(app), Is.False);
        Assert.That(storage.LookasideFor(other), Is.EqualTo(new Uri("https://sigs.example.com/default/x/y")));
        Assert.That(storage.UsesSigstoreAttachments(other), Is.True);
    }

    [Test]
    public async Task Without_configuration_signatures_are_looked_up_in_the_system_lookaside_and_not_in_the_registry()
    {
        var storage = await SignatureStorage.LoadAsync(_directory.Combine("absent"), CancellationToken.None);

        var image = ImageReference.Parse("busybox");
        Assert.That(storage.LookasideFor(image), Is.EqualTo(new Uri("file:///var/lib/containers/sigstore/library/busybox")));
        Assert.That(storage.UsesSigstoreAttachments(image), Is.False);
    }

    [TestCase("docker:\n  example.com:\n    lookaside: ftp://x\n", "docker[\"example.com\"].lookaside: \"ftp://x\" is no file, http or https URL")]
    [TestCase("default-docker:\n  use-sigstore-attachments: maybe\n", "default-docker.use-sigstore-attachments: expected true or false")]
    [TestCase("privateer: {}\n", "unknown key \"privateer\"")]
    [TestCase("default-docker: [unclosed\n", "")]
    public void An_invalid_file_is_refused_by_name(string text, string problem)
    {
        var file = _directory.Write("bad.yaml", text);

        var e = Assert.ThrowsAsync<FormatException>(() => SignatureStorage.LoadAsync(_directory.Path, CancellationToken.None));

        Assert.That(e!.Message, Does.StartWith($"registries.d file {file}: "));
        Assert.That(e.Message, Does.Contain(problem));
    }

    [Test]
    public void A_scope_configured_in_two_files_is_refused()
    {
        _directory.Write("a.yaml", "docker:\n  example.com:\n    lookaside: file:///a\n");
        _directory.Write("b.yaml", "docker:\n  example.com:\n    lookaside: file:///b\n");

        var e = Assert.ThrowsAsync<FormatException>(() => SignatureStorage.LoadAsync(_directory.Path, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("docker scope \"example.com\" is configured in " + _directory.Combine("a.yaml")));
    }
}
