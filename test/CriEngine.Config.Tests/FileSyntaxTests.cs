namespace CriEngine.Config.Tests;

/// <summary>A file that is not TOML is refused with its place; TOML's rules on defining keys and tables once hold across a file.</summary>
public sealed class FileSyntaxTests : ConfigTestBase
{
    private string DropIn => Files.Combine("crio.conf.d/10.conf");

    [Test]
    public void A_syntax_error_names_file_line_column_and_reason()
    {
        WriteDropIn("10.conf", "[crio.runtime]\nselinux = tru\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2:11: Unexpected token `tru` for a value" }));
    }

    [Test]
    public void Only_the_first_error_of_a_file_is_reported()
    {
        WriteDropIn("10.conf", "[crio.api]\nlisten = \"/run/x.sock\nstream_port = 01\n");

        Assert.That(LoadErrors(), Has.Count.EqualTo(1).And.One.StartsWith($"{DropIn}:2:"));
    }

    [Test]
    public void Errors_in_several_files_are_all_reported()
    {
        WriteMain("[crio\n");
        WriteDropIn("10.conf", "[crio.api]\nlisten =\n");

        Assert.That(LoadErrors().Select(error => error.Split(": ")[0]), Is.EqualTo(new[] { $"{MainFile}:1:6", $"{DropIn}:2:9" }));
    }

    [TestCase("[crio.runtime]\nlog_level = \"info\"\nlog_level = \"debug\"\n", 3, 1)]
    [TestCase("[crio.runtime]\nlog_level = \"info\"\n[crio.runtime]\n", 3, 1)]
    [TestCase("[crio]\nruntime.log_level = \"info\"\n[crio.runtime]\n", 3, 1)]
    [TestCase("[crio.runtime.runtimes]\ncrun = { runtime_path = \"/test/bin/crun\" }\n[crio.runtime.runtimes.crun]\n", 3, 1)]
    [TestCase("[crio.network]\nplugin_dirs = [\"/a\"]\n[[crio.network.plugin_dirs]]\n", 3, 1)]
    public void A_key_or_table_defined_twice_in_a_file_is_an_error_at_the_second_definition(string toml, int line, int column)
    {
        WriteDropIn("10.conf", toml);

        Assert.That(LoadErrors(), Has.One.StartsWith($"{DropIn}:{line}:{column}: ").And.One.Contains("already defined"));
    }

    [Test]
    public void An_array_of_tables_under_a_key_an_earlier_element_set_is_an_error()
    {
        WriteDropIn("10.conf", "[[a]]\nb = 1\n[[a.b]]\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:3:1: the key \"b\" is already defined" }));
    }

    [Test]
    public void The_same_key_in_two_files_is_no_error_the_later_wins()
    {
        WriteMain("[crio.runtime]\nlog_level = \"info\"\n");
        WriteDropIn("10.conf", "[crio.runtime]\nlog_level = \"debug\"\n");

        Assert.That(Load().Config.Runtime.LogLevel, Is.EqualTo("debug"));
    }

    [TestCase("0xFFFFFFFFFFFFFFFF", "integer out of range")]
    [TestCase("0b1000000000000000000000000000000000000000000000000000000000000000", "integer out of range")]
    public void A_hexadecimal_or_binary_integer_beyond_64_bits_is_an_error(string literal, string reason)
    {
        WriteDropIn("10.conf", $"[crio.runtime]\npids_limit = {literal}\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2:14: {reason}" }));
    }

    [Test]
    public void A_float_beyond_the_double_range_is_an_error()
    {
        WriteDropIn("10.conf", "[crio.metrics]\nratio = 1e400\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2:9: float out of range" }));
    }

    [Test]
    public void Values_nested_too_deep_are_an_error_naming_the_file()
    {
        WriteDropIn("10.conf", "v = " + new string('[', 200) + new string(']', 200) + "\n");

        Assert.That(LoadErrors(), Has.One.StartsWith($"{DropIn}: ").And.One.Contains("depth"));
    }

    [Test]
    public void Keys_written_as_dotted_keys_quoted_keys_and_headers_bind_alike()
    {
        WriteMain("""
            crio.api.listen = "/run/a.sock"
            [crio."runtime"]
            'log_level' = "debug"
            runtimes.crun.runtime_path = "/test/bin/crun"
            """);

        var config = Load().Config;

        Assert.That(config.Api.Listen, Is.EqualTo("/run/a.sock"));
        Assert.That(config.Runtime.LogLevel, Is.EqualTo("debug"));
        Assert.That(config.Runtime.Runtimes["crun"].RuntimePath, Is.EqualTo("/test/bin/crun"));
    }

    [Test]
    public void A_table_created_by_a_longer_header_is_placed_where_it_is_defined_later()
    {
        WriteDropIn("10.conf", "[crio.image.mirrors.a]\n\n[crio.image.mirrors]\nb = 1\n");

        Assert.That(Load().Warnings.Select(warning => (warning.Key, warning.Origin.Line)), Is.EqualTo(new[] { ("crio.image.mirrors", 3) }));
    }

    [Test]
    public void An_unknown_key_set_by_a_dotted_key_is_reported_at_its_line()
    {
        WriteDropIn("10.conf", "[crio]\n\nruntime.no_such_key = 1\n");

        Assert.That(Load().Warnings.Select(warning => (warning.Key, warning.Origin.Line)), Is.EqualTo(new[] { ("crio.runtime.no_such_key", 3) }));
    }
}
