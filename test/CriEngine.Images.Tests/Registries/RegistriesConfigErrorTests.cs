namespace CriEngine.Images.Tests.Registries;

/// <summary>Invalid registries.conf files are refused with every problem's file, line and reason.</summary>
public sealed class RegistriesConfigErrorTests : RegistriesConfTestBase
{
    [Test]
    public void Toml_syntax_error_names_file_line_and_column()
    {
        WriteMain("""
            [[registry]]
            location = "example.com
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{MainFile}:2:23: Invalid End-Of-File found on string literal" }));
    }

    [Test]
    public void A_file_that_is_not_UTF8_is_refused_naming_the_byte_offset()
    {
        File.WriteAllBytes(MainFile, [.. "unqualified-search-registries = [\""u8, 0xC0, .. "\"]\n"u8]);

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{MainFile}: invalid UTF-8 at byte offset 34" }));
    }

    [Test]
    public void A_value_in_an_array_over_several_lines_is_reported_where_it_is_written()
    {
        WriteMain("""
            unqualified-search-registries = [
              "docker.io",
              "quay.io/team",
            ]
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{MainFile}:3:3: unqualified-search-registries = \"quay.io/team\": must be host[:port]" }));
    }

    [Test]
    public void Value_of_the_wrong_type_names_the_key_and_value()
    {
        WriteMain("""
            unqualified-search-registries = "quay.io"
            [[registry]]
            location = "example.com"
            insecure = "yes"
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{MainFile}:1:33: unqualified-search-registries = \"quay.io\": must be an array of strings",
            $"{MainFile}:4:12: registry.insecure = \"yes\": must be true or false",
        }));
    }

    [Test]
    public void Mirror_settings_in_the_wrong_place_or_with_a_wrong_value_are_refused()
    {
        WriteMain("""
            [[registry]]
            location = "example.com"
            pull-from-mirror = "all"

            [[registry]]
            location = "quay.io"
            [[registry.mirror]]
            location = "mirror.local"
            pull-from-mirror = "sometimes"

            [[registry]]
            location = "ghcr.io"
            mirror-by-digest-only = true
            [[registry.mirror]]
            location = "mirror.local"
            pull-from-mirror = "tag-only"

            [[registry]]
            location = "gcr.io"
            [[registry.mirror]]
            insecure = true
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{MainFile}:3:20: registry.pull-from-mirror = \"all\": only a [[registry.mirror]] may set it, not the registry itself",
            $"{MainFile}:9:20: registry.mirror.pull-from-mirror = \"sometimes\": must be \"all\", \"digest-only\" or \"tag-only\"",
            $"{MainFile}:16:20: registry.mirror.pull-from-mirror = \"tag-only\": cannot be set when the registry sets mirror-by-digest-only",
            $"{MainFile}:20: registry.mirror: has no location",
        }));
    }

    [Test]
    public void Registry_without_a_usable_location_is_refused()
    {
        WriteMain("""
            [[registry]]
            insecure = true

            [[registry]]
            location = "https://example.com"

            [[registry]]
            prefix = "*.example.com/foo"

            [[registry]]
            location = "Example.com/Foo"
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{MainFile}:1: registry: sets neither prefix nor location",
            $"{MainFile}:5:12: registry.location = \"https://example.com\": URI schemes are not supported: write host[:port], not a URL",
            $"{MainFile}:8:10: registry.prefix = \"*.example.com/foo\": must be host[:port][/path][:tag|@digest] or *.domain",
            $"{MainFile}:11:12: registry.location = \"Example.com/Foo\": must be host[:port][/path]",
        }));
    }

    [Test]
    public void Same_location_with_conflicting_security_settings_is_refused()
    {
        WriteMain("""
            [[registry]]
            prefix = "example.com/a"
            location = "internal.example.net"
            insecure = true

            [[registry]]
            prefix = "example.com/b"
            location = "internal.example.net"
            blocked = true
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{MainFile}:6: registry: registry \"internal.example.net\" is defined again with a conflicting insecure setting (first at line 1)",
            $"{MainFile}:6: registry: registry \"internal.example.net\" is defined again with a conflicting blocked setting (first at line 1)",
        }));
    }

    [Test]
    public void Invalid_search_registry_and_short_name_mode_are_refused()
    {
        WriteMain("""
            unqualified-search-registries = ["quay.io", "quay.io/team"]
            short-name-mode = "ask"
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{MainFile}:1:45: unqualified-search-registries = \"quay.io/team\": must be host[:port]",
            $"{MainFile}:2:19: short-name-mode = \"ask\": must be \"enforcing\", \"permissive\" or \"disabled\"",
        }));
    }

    [Test]
    public void Invalid_aliases_are_refused()
    {
        WriteMain("""
            [aliases]
            "quay.io/app" = "quay.io/team/app"
            "tagged:v1" = "quay.io/team/tagged"
            "app" = "quay.io/team/app:v1"
            "short" = "team/short"
            "bad" = "quay.io/Team/bad"
            "number" = 1
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{MainFile}:2:17: aliases.\"quay.io/app\" = \"quay.io/team/app\": the alias name \"quay.io/app\" must be a short name, without a registry",
            $"{MainFile}:3:15: aliases.\"tagged:v1\" = \"quay.io/team/tagged\": the alias name \"tagged:v1\" must not have a tag or digest",
            $"{MainFile}:4:9: aliases.app = \"quay.io/team/app:v1\": must not have a tag or digest",
            $"{MainFile}:5:11: aliases.short = \"team/short\": must name a registry",
            $"{MainFile}:6:9: aliases.bad = \"quay.io/Team/bad\": invalid image reference \"quay.io/Team/bad\": repository name \"Team/bad\" must be lower case",
            $"{MainFile}:7:12: aliases.number = 1: must be a string",
        }));
    }

    [Test]
    public void Problems_in_several_files_are_all_reported()
    {
        WriteMain("""short-name-mode = "ask" """);
        var dropIn = WriteDropIn("10-broken.conf", "[[registry]");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{MainFile}:1:19: short-name-mode = \"ask\": must be \"enforcing\", \"permissive\" or \"disabled\"",
            $"{dropIn}:1:11: Unexpected token found `]` (token: `closebracket`) while expecting `]]` (token: `closebracketdouble`)",
        }));
    }
}
