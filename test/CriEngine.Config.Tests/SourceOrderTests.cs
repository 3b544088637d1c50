using CriEngine.TestSupport;
namespace CriEngine.Config.Tests;

public sealed class SourceOrderTests : ConfigTestBase
{
    [Test]
    public void Defaults_apply_when_no_file_exists()
    {
        var loaded = Load();

        Assert.That(loaded.Config, Is.EqualTo(ConfigLoader.Defaults));
        Assert.That(loaded.Files, Is.Empty);
    }

    [Test]
    public void Main_file_overrides_defaults()
    {
        WriteMain("[crio.runtime]\nlog_level = \"debug\"\n");

        Assert.That(Load().Config.Runtime.LogLevel, Is.EqualTo("debug"));
    }

    [Test]
    public void Dropin_overrides_main_file()
    {
        WriteMain("[crio.runtime]\nlog_level = \"debug\"\n");
        WriteDropIn("10-level.conf", "[crio.runtime]\nlog_level = \"warn\"\n");

        Assert.That(Load().Config.Runtime.LogLevel, Is.EqualTo("warn"));
    }

    [Test]
    public void Later_dropin_overrides_earlier_key()
    {
        WriteDropIn("20-b.conf", "[crio.image]\npause_image = \"example.com/pause:b\"\n");
        WriteDropIn("10-a.conf", "[crio.image]\npause_image = \"example.com/pause:a\"\n");

        var loaded = Load();

        Assert.That(loaded.Config.Image.PauseImage, Is.EqualTo("example.com/pause:b"));
        Assert.That(loaded.Files, Is.EqualTo(new[] { Files.Combine("crio.conf.d/10-a.conf"), Files.Combine("crio.conf.d/20-b.conf") }));
    }

    [Test]
    public void Dropins_are_walked_recursively_with_each_directory_in_name_order()
    {
        // As Go's filepath.Walk: "a" sorts before "a.conf", so its files come first, although
        // the path "a.conf" sorts before "a/z.conf".
        WriteDropIn("a.conf", "[crio.image]\npause_command = \"/from-a.conf\"\n");
        WriteDropIn("a/z.conf", "[crio.image]\npause_command = \"/from-a/z.conf\"\n");
        WriteDropIn("b/c/d.conf", "");

        var loaded = Load();

        Assert.That(loaded.Files, Is.EqualTo(new[]
        {
            Files.Combine("crio.conf.d/a/z.conf"), Files.Combine("crio.conf.d/a.conf"), Files.Combine("crio.conf.d/b/c/d.conf"),
        }));
        Assert.That(loaded.Config.Image.PauseCommand, Is.EqualTo("/from-a.conf"));
    }

    [Test]
    public void Dropins_of_any_name_are_read_hidden_ones_included_as_in_CRIO()
    {
        WriteDropIn(".hidden", "[crio.runtime]\nlog_level = \"trace\"\n");
        WriteDropIn("notes.txt", "[crio.image]\npause_command = \"/txt\"\n");

        var config = Load().Config;

        Assert.That(config.Runtime.LogLevel, Is.EqualTo("trace"));
        Assert.That(config.Image.PauseCommand, Is.EqualTo("/txt"));
    }

    [Test]
    public void Flags_override_every_file()
    {
        WriteMain("[crio.api]\nlisten = \"/run/main.sock\"\n");
        WriteDropIn("10.conf", "[crio.api]\nlisten = \"/run/dropin.sock\"\n");

        var config = Load(Sources with { Flags = ConfigFlags.Parse(["--listen", "/run/flag.sock"]).Flags }).Config;

        Assert.That(config.Api.Listen, Is.EqualTo("/run/flag.sock"));
    }

    [Test]
    public void Flags_stay_in_force_when_the_files_are_loaded_again()
    {
        var sources = Sources with { Flags = ConfigFlags.Parse(["--log-level", "error"]).Flags };
        WriteDropIn("10.conf", "[crio.runtime]\nlog_level = \"debug\"\n");
        Load(sources);
        WriteDropIn("10.conf", "[crio.runtime]\nlog_level = \"trace\"\n[crio.image]\npause_command = \"/reloaded\"\n");

        var reloaded = Load(sources).Config;

        Assert.That(reloaded.Runtime.LogLevel, Is.EqualTo("error"));
        Assert.That(reloaded.Image.PauseCommand, Is.EqualTo("/reloaded"));
    }

    [Test]
    public void Loading_the_same_files_twice_gives_equal_configs()
    {
        WriteMain("[crio.runtime.runtimes.runc]\nruntime_path = \"/test/bin/runc\"\nplatform_runtime_paths = { \"linux/amd64\" = \"/test/bin/runc\" }\n");
        WriteDropIn("10.conf", "[crio.network]\nplugin_dirs = [\"/a\", \"/b\"]\n");

        Assert.That(Load().Config, Is.EqualTo(Load().Config));
    }

    [Test]
    public void A_missing_main_file_named_by_config_is_an_error()
    {
        var errors = LoadErrors(Sources with { MainFileExplicit = true });

        Assert.That(errors, Is.EqualTo(new[] { $"--config: {MainFile}: no such file" }));
    }

    [Test]
    public void A_missing_default_main_file_is_skipped()
    {
        WriteDropIn("10.conf", "[crio.runtime]\nlog_level = \"debug\"\n");

        var loaded = Load();

        Assert.That(loaded.Files, Is.EqualTo(new[] { Files.Combine("crio.conf.d/10.conf") }));
    }

    [Test]
    public void A_missing_dropin_directory_is_skipped()
    {
        WriteMain("[crio.runtime]\nlog_level = \"debug\"\n");

        var loaded = Load(Sources with { DropInDirectory = Files.Combine("absent.d") });

        Assert.That(loaded.Files, Is.EqualTo(new[] { MainFile }));
    }

    [Test]
    public void No_main_file_reads_only_the_dropins()
    {
        WriteMain("[crio.runtime]\nlog_level = \"debug\"\n");

        var loaded = Load(Sources with { MainFile = null, MainFileExplicit = true });

        Assert.That(loaded.Config.Runtime.LogLevel, Is.EqualTo("info"));
    }

    [Test]
    public void A_file_that_is_not_TOML_is_an_error_with_its_line_and_column()
    {
        WriteDropIn("10.conf", "[crio.runtime]\nlog_level = \n");

        var errors = LoadErrors();

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"{Files.Combine("crio.conf.d/10.conf")}:2:"));
    }

    [Test]
    public void Defaults_with_flags_read_no_file()
    {
        WriteMain("[crio.runtime]\nlog_level = \"debug\"\n");

        var loaded = new ConfigLoader(FakeTools.Standard).LoadDefaults(ConfigFlags.Parse(["--root", "/srv/storage"]).Flags);

        Assert.That(loaded.Config, Is.EqualTo(ConfigLoader.Defaults with { Crio = ConfigLoader.Defaults.Crio with { Root = "/srv/storage" } }));
        Assert.That(loaded.Files, Is.Empty);
    }
}
