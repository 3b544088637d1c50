namespace CriEngine.Config.Tests;

/// <summary>TOML 1.1 documents load as CRI-O 1.36 (BurntSushi/toml 1.6) loads them.</summary>
public sealed class Toml11Tests : ConfigTestBase
{
    [Test]
    public void A_hexadecimal_escape_in_a_basic_string_is_read()
    {
        WriteMain("""
            [crio.runtime.runtimes.crun]
            runtime_root = "/run/x\x2Drunc"
            """);

        Assert.That(Load().Config.Runtime.Runtimes["crun"].RuntimeRoot, Is.EqualTo("/run/x-runc"));
    }

    [Test]
    public void An_inline_table_over_several_lines_with_a_trailing_comma_is_read()
    {
        WriteMain("""
            [crio.runtime.runtimes.crun]
            platform_runtime_paths = {
                "linux/amd64" = "/usr/bin/crun-amd64",  # the usual one
                "linux/arm64" = "/usr/bin/crun-arm64",
            }
            """);

        var paths = Load().Config.Runtime.Runtimes["crun"].PlatformRuntimePaths;

        Assert.That(paths.Keys, Is.EqualTo(new[] { "linux/amd64", "linux/arm64" }));
        Assert.That(paths["linux/arm64"], Is.EqualTo("/usr/bin/crun-arm64"));
    }

    [Test]
    public void A_runtime_handler_written_as_an_inline_table_over_several_lines_is_read()
    {
        WriteMain("""
            [crio.runtime.runtimes]
            runc = {
                runtime_path = "/test/bin/runc",
                runtime_root = "/run/runc",
            }
            """);

        var runc = Load().Config.Runtime.Runtimes["runc"];

        Assert.That(runc.RuntimePath, Is.EqualTo("/test/bin/runc"));
        Assert.That(runc.RuntimeRoot, Is.EqualTo("/run/runc"));
    }

    [Test]
    public void A_time_without_seconds_is_read()
    {
        WriteMain("[crio]\nmaintenance_window = 07:32\n");

        Assert.That(Load().Warnings.Single().ToString(), Does.StartWith($"{MainFile}:2: crio.maintenance_window: not a CRI-O configuration key"));
    }
}
