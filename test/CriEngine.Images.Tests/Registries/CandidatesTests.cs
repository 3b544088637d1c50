using CriEngine.Grpc;
using CriEngine.Images.Registries;

namespace CriEngine.Images.Tests.Registries;

/// <summary>Which names to try for what the kubelet asked: aliases, search registries, Docker's default.</summary>
public sealed class CandidatesTests : RegistriesConfTestBase
{
    private const string Digest = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";

    private static IReadOnlyList<string> Candidates(RegistriesConfig config, string rawName) =>
        config.Candidates(rawName).Select(reference => reference.ToString()).ToList();

    [Test]
    public async Task Fully_qualified_name_is_the_only_candidate()
    {
        var config = await LoadMainAsync("""
            unqualified-search-registries = ["quay.io", "docker.io"]
            [aliases]
            "busybox" = "quay.io/team/busybox"
            """);

        Assert.Multiple(() =>
        {
            Assert.That(Candidates(config, "ghcr.io/team/app:v1"), Is.EqualTo(new[] { "ghcr.io/team/app:v1" }));
            Assert.That(Candidates(config, "docker.io/busybox"), Is.EqualTo(new[] { "docker.io/library/busybox:latest" }));
            Assert.That(Candidates(config, "localhost/busybox"), Is.EqualTo(new[] { "localhost/busybox:latest" }));
        });
    }

    [Test]
    public async Task Short_name_is_tried_on_each_search_registry_in_order()
    {
        var config = await LoadMainAsync("""unqualified-search-registries = ["registry.local:5000", "docker.io", "quay.io"]""");

        Assert.Multiple(() =>
        {
            Assert.That(Candidates(config, "busybox"), Is.EqualTo(new[]
            {
                "registry.local:5000/busybox:latest", "docker.io/library/busybox:latest", "quay.io/busybox:latest",
            }));
            Assert.That(Candidates(config, "team/app:v1"), Is.EqualTo(new[]
            {
                "registry.local:5000/team/app:v1", "docker.io/team/app:v1", "quay.io/team/app:v1",
            }));
            Assert.That(Candidates(config, "library/busybox@" + Digest), Is.EqualTo(new[]
            {
                $"registry.local:5000/library/busybox@{Digest}", $"docker.io/library/busybox@{Digest}", $"quay.io/library/busybox@{Digest}",
            }));
        });
    }

    [Test]
    public async Task Search_registry_without_a_dot_is_still_the_registry()
    {
        var config = await LoadMainAsync("""unqualified-search-registries = ["myregistry"]""");

        Assert.That(Candidates(config, "app"), Is.EqualTo(new[] { "myregistry/app:latest" }));
    }

    [Test]
    public async Task Alias_is_the_only_candidate_and_keeps_the_tag_or_digest()
    {
        var config = await LoadMainAsync("""
            unqualified-search-registries = ["quay.io", "docker.io"]
            [aliases]
            "busybox" = "registry.local/tools/busybox"
            "team/app" = "ghcr.io/team/app"
            """);

        Assert.Multiple(() =>
        {
            Assert.That(Candidates(config, "busybox"), Is.EqualTo(new[] { "registry.local/tools/busybox:latest" }));
            Assert.That(Candidates(config, "busybox:1.36"), Is.EqualTo(new[] { "registry.local/tools/busybox:1.36" }));
            Assert.That(Candidates(config, "busybox@" + Digest), Is.EqualTo(new[] { $"registry.local/tools/busybox@{Digest}" }));
            Assert.That(Candidates(config, $"busybox:1.36@{Digest}"), Is.EqualTo(new[] { $"registry.local/tools/busybox:1.36@{Digest}" }));
            Assert.That(Candidates(config, "team/app:v2"), Is.EqualTo(new[] { "ghcr.io/team/app:v2" }));
        });
    }

    [Test]
    public async Task Alias_matches_the_short_name_as_written()
    {
        var config = await LoadMainAsync("""
            unqualified-search-registries = ["quay.io"]
            [aliases]
            "busybox" = "registry.local/tools/busybox"
            """);

        Assert.That(Candidates(config, "library/busybox"), Is.EqualTo(new[] { "quay.io/library/busybox:latest" }));
    }

    [Test]
    public async Task Alias_on_docker_hub_is_normalized()
    {
        var config = await LoadMainAsync("""
            [aliases]
            "alpine" = "docker.io/alpine"
            """);

        Assert.That(Candidates(config, "alpine:3"), Is.EqualTo(new[] { "docker.io/library/alpine:3" }));
    }

    [Test]
    public async Task Alias_erased_by_a_drop_in_falls_back_to_the_search_registries()
    {
        WriteMain("""
            unqualified-search-registries = ["quay.io"]
            [aliases]
            "app" = "ghcr.io/team/app"
            """);
        WriteDropIn("10-erase.conf", """
            [aliases]
            "app" = ""
            """);
        var config = await LoadAsync();

        Assert.That(Candidates(config, "app"), Is.EqualTo(new[] { "quay.io/app:latest" }));
    }

    [Test]
    public void Without_search_registries_a_short_name_is_on_docker_hub()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Candidates(RegistriesConfig.Empty, "busybox"), Is.EqualTo(new[] { "docker.io/library/busybox:latest" }));
            Assert.That(Candidates(RegistriesConfig.Empty, "team/app:v1"), Is.EqualTo(new[] { "docker.io/team/app:v1" }));
        });
    }

    [Test]
    public void Invalid_name_is_refused_naming_it()
    {
        var error = Assert.Throws<RpcException>(() => RegistriesConfig.Empty.Candidates("Busybox:latest"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Message, Does.StartWith("invalid image reference \"Busybox:latest\""));
        });
    }

    [Test]
    public async Task Crio_registries_list_is_searched_before_registries_conf()
    {
        var config = (await LoadMainAsync("unqualified-search-registries = [\"second.example\"]")).WithSearchRegistriesFirst(["first.example"]);

        Assert.That(config.Candidates("app:1").Select(c => c.ToString()), Is.EqualTo(new[] { "first.example/app:1", "second.example/app:1" }));
    }
}
