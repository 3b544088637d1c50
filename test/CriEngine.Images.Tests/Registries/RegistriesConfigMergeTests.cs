using CriEngine.Config;
using CriEngine.Images.Registries;

namespace CriEngine.Images.Tests.Registries;

/// <summary>Drop-ins merged over the main file as containers/image merges them.</summary>
public sealed class RegistriesConfigMergeTests : RegistriesConfTestBase
{
    [Test]
    public async Task Later_file_replaces_the_search_registries_and_earlier_ones_stand_when_it_sets_none()
    {
        WriteMain("""unqualified-search-registries = ["main.example.com"]""");
        WriteDropIn("10-first.conf", """unqualified-search-registries = ["first.example.com", "quay.io"]""");
        WriteDropIn("20-second.conf", """short-name-mode = "disabled" """);

        var config = await LoadAsync();

        Assert.Multiple(() =>
        {
            Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "first.example.com", "quay.io" }));
            Assert.That(config.ShortNameMode, Is.EqualTo(ShortNameMode.Disabled));
        });
    }

    [Test]
    public async Task Later_file_with_an_empty_search_list_empties_it()
    {
        WriteMain("""unqualified-search-registries = ["main.example.com"]""");
        WriteDropIn("10-none.conf", "unqualified-search-registries = []");

        var config = await LoadAsync();

        Assert.That(config.UnqualifiedSearchRegistries, Is.Empty);
    }

    [Test]
    public async Task Registry_with_the_same_prefix_is_replaced_whole_and_others_are_added()
    {
        WriteMain("""
            [[registry]]
            prefix = "example.com"
            location = "main.example.net"
            insecure = true
            [[registry.mirror]]
            location = "main.mirror"

            [[registry]]
            location = "quay.io"
            """);
        var dropIn = WriteDropIn("10-example.conf", """
            [[registry]]
            prefix = "example.com"
            location = "dropin.example.net"

            [[registry]]
            location = "ghcr.io"
            blocked = true
            """);

        var config = await LoadAsync();

        Assert.That(config.Registries, Is.EqualTo(new[]
        {
            new RegistryEntry("example.com", "dropin.example.net", false, false, false, ValueList<RegistryMirror>.Empty, new ValueOrigin(dropIn, 1)),
            new RegistryEntry("ghcr.io", "ghcr.io", false, true, false, ValueList<RegistryMirror>.Empty, new ValueOrigin(dropIn, 5)),
            new RegistryEntry("quay.io", "quay.io", false, false, false, ValueList<RegistryMirror>.Empty, new ValueOrigin(MainFile, 8)),
        }));
    }

    [Test]
    public async Task Aliases_merge_name_by_name_and_an_empty_name_erases_one()
    {
        WriteMain("""
            [aliases]
            "app" = "quay.io/team/app"
            "tool" = "quay.io/team/tool"
            "gone" = "quay.io/team/gone"
            """);
        WriteDropIn("10-aliases.conf", """
            [aliases]
            "tool" = "ghcr.io/other/tool"
            "gone" = ""
            "new" = "docker.io/new"
            """);

        var config = await LoadAsync();

        Assert.That(config.Aliases, Is.EqualTo(ValueMap<string>.From(new Dictionary<string, string>
        {
            ["app"] = "quay.io/team/app",
            ["tool"] = "ghcr.io/other/tool",
            ["new"] = "docker.io/library/new",
        })));
    }

    [Test]
    public async Task Drop_ins_apply_in_lexical_order_of_their_names()
    {
        WriteDropIn("9-last.conf", """unqualified-search-registries = ["nine.example.com"]""");
        WriteDropIn("10-first.conf", """unqualified-search-registries = ["ten.example.com"]""");
        WriteDropIn("10-first.conf.d-second.conf", """unqualified-search-registries = ["second.example.com"]""");

        var config = await LoadAsync();

        Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "nine.example.com" }));
    }

    [Test]
    public async Task Only_conf_files_directly_in_the_drop_in_directory_are_read()
    {
        WriteDropIn("10-used.conf", """unqualified-search-registries = ["used.example.com"]""");
        WriteDropIn("20-ignored.conf.disabled", """unqualified-search-registries = ["disabled.example.com"]""");
        WriteDropIn("30-ignored.toml", """unqualified-search-registries = ["toml.example.com"]""");
        WriteDropIn("sub/40-nested.conf", """unqualified-search-registries = ["nested.example.com"]""");
        System.IO.Directory.CreateDirectory(Path.Combine(DropInDirectory, "50-directory.conf"));

        var config = await LoadAsync();

        Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "used.example.com" }));
    }

    [Test]
    public async Task Drop_ins_apply_without_a_main_file()
    {
        WriteDropIn("10-only.conf", """unqualified-search-registries = ["only.example.com"]""");

        var config = await LoadAsync();

        Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "only.example.com" }));
    }

    [Test]
    public void Drop_in_in_the_version_1_format_is_refused()
    {
        var dropIn = WriteDropIn("10-old.conf", """
            [registries.search]
            registries = ["quay.io"]
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{dropIn}:1: registries: a drop-in file must use the version 2 format ([[registry]], unqualified-search-registries), not [registries.*]",
        }));
    }

    [Test]
    public void Main_file_mixing_version_1_and_version_2_is_refused()
    {
        WriteMain("""
            unqualified-search-registries = ["quay.io"]
            [registries.block]
            registries = ["bad.example.com"]
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{MainFile}:2: registries: the version 1 format ([registries.*]) cannot be mixed with version 2 keys (unqualified-search-registries)",
        }));
    }

    [Test]
    public async Task Environment_names_another_main_file_and_drop_in_directory()
    {
        var otherMain = Directory.Write("elsewhere/registries.conf", """unqualified-search-registries = ["env.example.com"]""");
        var otherDropIns = Directory.Combine("elsewhere", "registries.conf.d");
        Directory.Write("elsewhere/registries.conf.d/10-env.conf", """short-name-mode = "disabled" """);
        var variables = new Dictionary<string, string>
        {
            [RegistriesConfigFiles.MainFileVariable] = otherMain,
            [RegistriesConfigFiles.DropInDirectoryVariable] = otherDropIns,
        };

        var files = RegistriesConfigFiles.FromEnvironment(variables.GetValueOrDefault);
        var config = await RegistriesConfig.LoadAsync(files, []);

        Assert.Multiple(() =>
        {
            Assert.That(files, Is.EqualTo(new RegistriesConfigFiles(otherMain, MainFileRequired: true, otherDropIns)));
            Assert.That(config.UnqualifiedSearchRegistries, Is.EqualTo(new[] { "env.example.com" }));
            Assert.That(config.ShortNameMode, Is.EqualTo(ShortNameMode.Disabled));
        });
    }

    [Test]
    public void Environment_naming_a_missing_main_file_fails_the_load()
    {
        var missing = Directory.Combine("missing.conf");
        var files = RegistriesConfigFiles.FromEnvironment(name => name == RegistriesConfigFiles.MainFileVariable ? missing : null);

        var error = Assert.ThrowsAsync<ConfigException>(() => RegistriesConfig.LoadAsync(files, []))!;

        Assert.That(error.Message, Is.EqualTo($"{missing}: no such file"));
    }

    [Test]
    public void Without_the_environment_the_system_files_are_read_and_may_be_missing()
    {
        var files = RegistriesConfigFiles.FromEnvironment(name => name == RegistriesConfigFiles.MainFileVariable ? "" : null);

        Assert.That(files, Is.EqualTo(new RegistriesConfigFiles(
            "/etc/containers/registries.conf", MainFileRequired: false, "/etc/containers/registries.conf.d")));
    }
}
