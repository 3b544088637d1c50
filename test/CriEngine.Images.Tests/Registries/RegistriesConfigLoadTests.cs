using CriEngine.Config;
using CriEngine.Images.Registries;

namespace CriEngine.Images.Tests.Registries;

public sealed class RegistriesConfigLoadTests : RegistriesConfTestBase
{
    [Test]
    public async Task Every_version_2_key_is_read()
    {
        var config = await LoadMainAsync("""
            unqualified-search-registries = ["registry.example.com", "quay.io"]
            short-name-mode = "enforcing"
            credential-helpers = ["containers-auth.json"]

            [[registry]]
            prefix = "example.com/foo"
            location = "internal.example.net/bar"
            insecure = true
            blocked = false

            [[registry.mirror]]
            location = "mirror-0.local/foo"

            [[registry.mirror]]
            location = "mirror-1.local:5000/mirrors/foo"
            insecure = true
            pull-from-mirror = "digest-only"

            [[registry.mirror]]
            location = "mirror-2.local"
            pull-from-mirror = "tag-only"

            [[registry]]
            location = "registry.com"
            blocked = true
            mirror-by-digest-only = true

            [aliases]
            "fedora" = "registry.fedoraproject.org/fedora"
            "ubi8" = "registry.access.redhat.com/ubi8"
            """);

        Assert.Multiple(() =>
        {
            Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "registry.example.com", "quay.io" }));
            Assert.That(config.ShortNameMode, Is.EqualTo(ShortNameMode.Enforcing));
            Assert.That(config.Registries, Is.EqualTo(new[]
            {
                new RegistryEntry("example.com/foo", "internal.example.net/bar", Insecure: true, Blocked: false, MirrorByDigestOnly: false,
                    ValueList<RegistryMirror>.Of(
                        new RegistryMirror("mirror-0.local/foo", false, PullFromMirror.All),
                        new RegistryMirror("mirror-1.local:5000/mirrors/foo", true, PullFromMirror.DigestOnly),
                        new RegistryMirror("mirror-2.local", false, PullFromMirror.TagOnly)),
                    new ValueOrigin(MainFile, 5)),
                new RegistryEntry("registry.com", "registry.com", Insecure: false, Blocked: true, MirrorByDigestOnly: true,
                    ValueList<RegistryMirror>.Empty, new ValueOrigin(MainFile, 23)),
            }));
            Assert.That(config.Aliases, Is.EqualTo(ValueMap<string>.From(new Dictionary<string, string>
            {
                ["fedora"] = "registry.fedoraproject.org/fedora",
                ["ubi8"] = "registry.access.redhat.com/ubi8",
            })));
        });
    }

    [Test]
    public async Task Location_and_prefix_lose_trailing_slashes()
    {
        var config = await LoadMainAsync("""
            unqualified-search-registries = ["quay.io/"]

            [[registry]]
            prefix = "example.com/foo/"
            location = "mirror.local/bar/"
            """);

        Assert.Multiple(() =>
        {
            Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "quay.io" }));
            Assert.That(config.Registries.Single().Prefix, Is.EqualTo("example.com/foo"));
            Assert.That(config.Registries.Single().Location, Is.EqualTo("mirror.local/bar"));
        });
    }

    [Test]
    public async Task Wildcard_prefix_may_leave_out_the_location()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            prefix = "*.example.com"
            insecure = true
            """);

        Assert.That(config.Registries.Single(), Is.EqualTo(new RegistryEntry(
            "*.example.com", "", true, false, false, ValueList<RegistryMirror>.Empty, new ValueOrigin(MainFile, 1))));
    }

    [Test]
    public async Task Short_name_mode_defaults_to_permissive()
    {
        var config = await LoadMainAsync("""unqualified-search-registries = ["quay.io"]""");

        Assert.That(config.ShortNameMode, Is.EqualTo(ShortNameMode.Permissive));
    }

    [Test]
    public async Task Missing_default_file_and_directory_give_the_empty_configuration()
    {
        var config = await LoadAsync();

        Assert.That(config, Is.EqualTo(RegistriesConfig.Empty));
    }

    [Test]
    public void Missing_main_file_that_was_named_explicitly_is_an_error()
    {
        var files = Files with { MainFileRequired = true };

        var error = Assert.ThrowsAsync<ConfigException>(() => RegistriesConfig.LoadAsync(files, []))!;

        Assert.That(error.Message, Is.EqualTo($"{MainFile}: no such file"));
    }

    [Test]
    public async Task Insecure_registries_from_crio_are_kept_in_the_configuration()
    {
        var config = await LoadAsync("10.0.0.0/8", "registry.local:5000");

        Assert.That(config.InsecureRegistries, Is.EqualTo(new[] { "10.0.0.0/8", "registry.local:5000" }));
    }

    [Test]
    public async Task Within_one_file_the_first_table_for_a_prefix_wins()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "example.com"
            [[registry.mirror]]
            location = "first.mirror"

            [[registry]]
            location = "example.com"
            [[registry.mirror]]
            location = "second.mirror"
            """);

        Assert.That(config.Registries.Single().Mirrors.Single().Location, Is.EqualTo("first.mirror"));
    }

    [Test]
    public async Task Registries_are_ordered_by_prefix()
    {
        var config = await LoadMainAsync("""
            [[registry]]
            location = "quay.io"
            [[registry]]
            location = "docker.io"
            [[registry]]
            prefix = "*.example.com"
            """);

        Assert.That(config.Registries.Select(r => r.Prefix), Is.EqualTo(new[] { "*.example.com", "docker.io", "quay.io" }));
    }

    [Test]
    public async Task Two_loads_of_the_same_files_are_equal_and_a_change_is_not()
    {
        WriteMain("""
            unqualified-search-registries = ["quay.io"]
            [[registry]]
            location = "example.com"
            [aliases]
            "app" = "quay.io/team/app"
            """);
        var first = await LoadAsync();
        var second = await LoadAsync();
        WriteDropIn("50-more.conf", """unqualified-search-registries = ["docker.io"]""");
        var changed = await LoadAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(changed, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public async Task Version_1_format_is_converted()
    {
        var config = await LoadMainAsync("""
            [registries.search]
            registries = ['registry1.com', 'registry2.com']

            [registries.insecure]
            registries = ['registry3.com', 'blocked.example.com']

            [registries.block]
            registries = ['blocked.example.com', 'registry.unsafe.com/team']
            """);

        Assert.Multiple(() =>
        {
            Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "registry1.com", "registry2.com" }));
            Assert.That(config.Registries.Select(r => (r.Prefix, r.Location, r.Insecure, r.Blocked, r.Origin.Line)), Is.EqualTo(new[]
            {
                ("blocked.example.com", "blocked.example.com", true, true, 8),
                ("registry.unsafe.com/team", "registry.unsafe.com/team", false, true, 8),
                ("registry3.com", "registry3.com", true, false, 5),
            }));
        });
    }

    [Test]
    public async Task Version_1_section_with_only_empty_lists_counts_as_absent()
    {
        var config = await LoadMainAsync("""
            unqualified-search-registries = ["quay.io"]
            [registries.search]
            registries = []
            """);

        Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "quay.io" }));
    }
}
