using CriEngine.Grpc;
using CriEngine.Images.References;
using CriEngine.Images.Registries;

namespace CriEngine.Images.Tests.Registries;

public sealed class PullSourcesTests : RegistriesConfTestBase
{
    private const string Digest = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";

    private static PullSource Source(string host, string repository, bool insecure = false, bool mirror = false) =>
        new(new RegistryEndpoint(host, insecure), repository, mirror);

    private static IReadOnlyList<PullSource> Sources(RegistriesConfig config, string reference) =>
        config.PullSources(ImageReference.Parse(reference));

    [Test]
    public async Task Image_no_registry_table_matches_is_pulled_from_where_its_name_says()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "quay.io"
            """);

        Assert.That(Sources(config, "busybox:1.36"), Is.EqualTo(new[] { Source("docker.io", "library/busybox") }));
    }

    [Test]
    public async Task Prefix_without_a_location_is_its_own_location()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "example.com/foo"

            [[registry.mirror]]
            location = "mirror.local/foo"
            """);

        Assert.That(Sources(config, "example.com/foo/app:1"), Is.EqualTo(new[]
        {
            Source("mirror.local", "foo/app", mirror: true),
            Source("example.com", "foo/app"),
        }));
    }

    [Test]
    public async Task Mirrors_come_first_in_order_then_the_location_rewritten_from_the_prefix()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "example.com/foo"
            location = "internal.example.net/bar"

            [[registry.mirror]]
            location = "mirror-0.local/mirror-for-foo"

            [[registry.mirror]]
            location = "mirror-1.local/mirrors/foo"
            insecure = true
            """);

        Assert.That(Sources(config, "example.com/foo/image:latest"), Is.EqualTo(new[]
        {
            Source("mirror-0.local", "mirror-for-foo/image", mirror: true),
            Source("mirror-1.local", "mirrors/foo/image", insecure: true, mirror: true),
            Source("internal.example.net", "bar/image"),
        }));
    }

    [Test]
    public async Task Location_without_a_path_takes_the_rest_of_the_name()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "example.com"
            location = "internal.example.net:5000"
            """);

        Assert.That(Sources(config, "example.com/team/app:v1"), Is.EqualTo(new[] { Source("internal.example.net:5000", "team/app") }));
    }

    [Test]
    public async Task Docker_hub_mirror_gets_the_library_namespace()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "docker.io"
            [[registry.mirror]]
            location = "mirror.gcr.io"
            """);

        Assert.That(Sources(config, "busybox"), Is.EqualTo(new[]
        {
            Source("mirror.gcr.io", "library/busybox", mirror: true),
            Source("docker.io", "library/busybox"),
        }));
    }

    [Test]
    public async Task Location_on_docker_hub_gets_the_library_namespace_for_a_name_without_one()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "hub.local"
            location = "docker.io"
            """);

        Assert.That(Sources(config, "hub.local/busybox"), Is.EqualTo(new[] { Source("docker.io", "library/busybox") }));
    }

    [Test]
    public async Task Prefix_naming_one_repository_maps_it_to_the_location()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "docker.io/library/busybox"
            location = "registry.local/tools/busybox"
            """);

        Assert.That(Sources(config, "busybox:1.36"), Is.EqualTo(new[] { Source("registry.local", "tools/busybox") }));
    }

    [Test]
    public async Task Location_that_leaves_no_repository_is_refused_naming_the_table()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "docker.io/library/busybox"
            location = "registry.local"
            """);

        var error = Assert.Throws<RpcException>(() => Sources(config, "busybox"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Message, Is.EqualTo(
                $"image docker.io/library/busybox:latest: registries.conf prefix \"docker.io/library/busybox\" ({MainFile}:1) maps it to \"registry.local\", which names no repository"));
        });
    }

    [TestCase("example.com/foo/app", "specific")]
    [TestCase("example.com/foo", "specific")]
    [TestCase("example.com/foo/deep/app:v1", "specific")]
    [TestCase("example.com/foobar", "general")]
    [TestCase("example.com/bar/app", "general")]
    [TestCase("example.com:5000/foo/app", "own")]
    [TestCase("sub.example.com/foo/app", "own")]
    public async Task Longest_prefix_matching_at_a_path_boundary_wins(string reference, string expected)
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "example.com"
            location = "general.local"

            [[registry]]
            prefix = "example.com/foo"
            location = "specific.local/foo"
            """);

        var host = Sources(config, reference).Single().Endpoint.Host;

        Assert.That(host, Is.EqualTo(expected switch
        {
            "specific" => "specific.local",
            "general" => "general.local",
            _ => ImageReference.Parse(reference).Registry,
        }));
    }

    [TestCase("example.com/app:v1", true)]
    [TestCase("example.com/app:v2", false)]
    [TestCase("example.com/app", false)]
    [TestCase("example.com/app:v1@" + Digest, false)]
    [TestCase("example.com/app@" + Digest, false)]
    public async Task Prefix_with_a_tag_matches_pulls_of_that_tag(string reference, bool matches)
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "example.com/app:v1"
            location = "pinned.local/app"
            """);

        Assert.That(config.FindRegistry(ImageReference.Parse(reference)) is not null, Is.EqualTo(matches));
    }

    [TestCase("example.com/app@" + Digest, true)]
    [TestCase("example.com/app:v1@" + Digest, true)]
    [TestCase("example.com/app:v1", false)]
    public async Task Prefix_with_a_digest_matches_pulls_of_that_digest(string reference, bool matches)
    {
        var config = await LoadMainAsync($"""
            [[registry]]
            prefix = "example.com/app@{Digest}"
            location = "pinned.local/app"
            """);

        Assert.That(config.FindRegistry(ImageReference.Parse(reference)) is not null, Is.EqualTo(matches));
    }

    [TestCase("a.example.com/team/app", "*.example.com")]
    [TestCase("a.b.example.com:5000/app", "*.example.com")]
    [TestCase("special.example.com/app", "special.example.com")]
    [TestCase("example.com/app", null)]
    [TestCase("badexample.com/app", null)]
    [TestCase("a.example.com.evil.org/app", null)]
    public async Task Wildcard_prefix_matches_subdomains_and_a_longer_prefix_wins(string reference, string? prefix)
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "*.example.com"

            [[registry]]
            location = "special.example.com"
            """);

        Assert.That(config.FindRegistry(ImageReference.Parse(reference))?.Prefix, Is.EqualTo(prefix));
    }

    [Test]
    public async Task Wildcard_prefix_without_location_keeps_the_name_and_rewrites_for_mirrors()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "*.example.com"
            insecure = true
            [[registry.mirror]]
            location = "mirror.local/cache"
            """);

        Assert.That(Sources(config, "a.example.com:5000/team/app:v1"), Is.EqualTo(new[]
        {
            Source("mirror.local", "cache/team/app", mirror: true),
            Source("a.example.com:5000", "team/app", insecure: true),
        }));
    }

    [Test]
    public async Task Mirrors_are_chosen_by_what_the_pull_is_by()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "example.com"
            [[registry.mirror]]
            location = "any.mirror"
            [[registry.mirror]]
            location = "digests.mirror"
            pull-from-mirror = "digest-only"
            [[registry.mirror]]
            location = "tags.mirror"
            pull-from-mirror = "tag-only"
            [[registry.mirror]]
            location = "all.mirror"
            pull-from-mirror = "all"
            """);

        Assert.Multiple(() =>
        {
            Assert.That(Sources(config, "example.com/app:v1").Select(s => s.Endpoint.Host),
                Is.EqualTo(new[] { "any.mirror", "tags.mirror", "all.mirror", "example.com" }));
            Assert.That(Sources(config, "example.com/app@" + Digest).Select(s => s.Endpoint.Host),
                Is.EqualTo(new[] { "any.mirror", "digests.mirror", "all.mirror", "example.com" }));
            Assert.That(Sources(config, "example.com/app:v1@" + Digest).Select(s => s.Endpoint.Host),
                Is.EqualTo(new[] { "any.mirror", "digests.mirror", "all.mirror", "example.com" }));
        });
    }

    [Test]
    public async Task Mirror_by_digest_only_keeps_tag_pulls_on_the_registry()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "example.com"
            mirror-by-digest-only = true
            [[registry.mirror]]
            location = "first.mirror"
            [[registry.mirror]]
            location = "second.mirror"
            """);

        Assert.Multiple(() =>
        {
            Assert.That(Sources(config, "example.com/app:v1").Select(s => s.Endpoint.Host), Is.EqualTo(new[] { "example.com" }));
            Assert.That(Sources(config, "example.com/app@" + Digest).Select(s => s.Endpoint.Host),
                Is.EqualTo(new[] { "first.mirror", "second.mirror", "example.com" }));
        });
    }

    [Test]
    public async Task Blocked_registry_is_refused_with_its_prefix()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "example.com"

            [[registry]]
            prefix = "example.com/untrusted"
            location = "example.com/untrusted"
            blocked = true
            """);

        var error = Assert.Throws<RpcException>(() => Sources(config, "example.com/untrusted/app:v1"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(error.Message, Is.EqualTo(
                $"image example.com/untrusted/app:v1: pulling is blocked by registries.conf prefix \"example.com/untrusted\" ({MainFile}:4)"));
            Assert.That(Sources(config, "example.com/trusted/app:v1"), Is.EqualTo(new[] { Source("example.com", "trusted/app") }));
        });
    }

    [Test]
    public async Task Blocked_wildcard_refuses_every_subdomain()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "*.untrusted.example"
            blocked = true
            """);

        var error = Assert.Throws<RpcException>(() => Sources(config, "cdn.untrusted.example/app"))!;

        Assert.That(error.Message, Does.Contain("blocked by registries.conf prefix \"*.untrusted.example\""));
    }

    [Test]
    public async Task Blocked_version_1_registry_is_refused()
    {
        var config = await LoadMainAsync("""
            [registries.block]
            registries = ["docker.io"]
            """);

        var error = Assert.Throws<RpcException>(() => Sources(config, "busybox"))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task Registry_marked_insecure_in_the_file_is_insecure_and_its_mirrors_keep_their_own_setting()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "example.com"
            insecure = true
            [[registry.mirror]]
            location = "secure.mirror"
            """);

        Assert.That(Sources(config, "example.com/app"), Is.EqualTo(new[]
        {
            Source("secure.mirror", "app", mirror: true),
            Source("example.com", "app", insecure: true),
        }));
    }

    [TestCase("127.0.0.1:5000/app")]
    [TestCase("127.1.2.3/app")]
    [TestCase("localhost:5000/app")]
    [TestCase("localhost/app")]
    public void Loopback_registry_is_always_insecure(string reference)
    {
        Assert.That(Sources(RegistriesConfig.Empty, reference).Single().Endpoint.Insecure, Is.True);
    }

    [TestCase("[::1]:5000/app")]
    [TestCase("docker.io/library/busybox")]
    [TestCase("10.1.2.3:5000/app")]
    public void Other_registries_are_secure_by_default(string reference)
    {
        Assert.That(Sources(RegistriesConfig.Empty, reference).Single().Endpoint.Insecure, Is.False);
    }

    [TestCase("registry.local:5000/app", true)]
    [TestCase("registry.local/app", false)]
    [TestCase("10.1.2.3:5000/app", true)]
    [TestCase("10.200.0.1/app", true)]
    [TestCase("11.0.0.1/app", false)]
    [TestCase("[fd00::5]:5000/app", true)]
    [TestCase("[fe80::5]:5000/app", false)]
    [TestCase("quay.io/team/app", true)]
    [TestCase("quay.io/teammate/app", false)]
    [TestCase("quay.io/other/app", false)]
    public async Task Insecure_registries_from_crio_match_hosts_networks_and_prefixes(string reference, bool insecure)
    {
        var config = await LoadAsync("registry.local:5000", "10.0.0.0/8", "fd00::/8", "quay.io/team");

        Assert.That(Sources(config, reference).Single().Endpoint.Insecure, Is.EqualTo(insecure));
    }

    [Test]
    public async Task Network_with_host_bits_set_covers_its_whole_network_as_in_crio()
    {
        var config = await LoadAsync("192.168.7.9/16");

        Assert.That(Sources(config, "192.168.200.1:5000/app").Single().Endpoint.Insecure, Is.True);
    }

    [Test]
    public async Task Insecure_registry_from_crio_makes_every_source_of_its_images_insecure()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "example.com"
            [[registry.mirror]]
            location = "mirror.local"
            """, "example.com");

        Assert.That(Sources(config, "example.com/app").Select(s => s.Endpoint.Insecure), Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public async Task Insecure_registry_from_crio_covers_a_mirror_it_names()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "docker.io"
            [[registry.mirror]]
            location = "mirror.local:5000"
            """, "mirror.local:5000");

        Assert.That(Sources(config, "busybox"), Is.EqualTo(new[]
        {
            Source("mirror.local:5000", "library/busybox", insecure: true, mirror: true),
            Source("docker.io", "library/busybox"),
        }));
    }
}
