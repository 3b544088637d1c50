using System.Diagnostics;
using CriEngine.TestSupport;

namespace CriEngine.Integration.Tests;

/// <summary><c>criengine config</c> and <c>criengine version</c>, as an operator runs them.</summary>
[Category("Integration")]
public sealed class CommandLineTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory("criengine-cli");

    [TearDown]
    public void RemoveDirectory() => _directory.Dispose();

    [Test]
    public async Task Version_prints_the_engine_version()
    {
        var (code, output, _) = await RunAsync("version");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("criengine version "));
    }

    [Test]
    public async Task Config_prints_the_effective_config_which_loads_back_to_the_same()
    {
        var dropIns = _directory.Combine("crio.conf.d");
        Directory.CreateDirectory(dropIns);
        await File.WriteAllTextAsync(Path.Combine(dropIns, "10-a.conf"), "[crio.image]\npause_image = \"registry.test/pause:1\"\n[crio.runtime]\ncgroup_manager = \"cgroupfs\"\nconmon_cgroup = \"pod\"\n");

        var (code, first, _) = await RunAsync("config", "--config", "", "--config-dir", dropIns, "--log-level", "debug");
        var printed = _directory.Combine("printed.conf");
        await File.WriteAllTextAsync(printed, first);
        var (_, second, _) = await RunAsync("config", "--config", printed, "--config-dir", "");

        Assert.That(code, Is.Zero);
        Assert.That(first, Does.Contain("pause_image = \"registry.test/pause:1\"").And.Contain("log_level = \"debug\"").And.Contain("# "));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Config_default_prints_the_built_in_defaults()
    {
        var (code, output, _) = await RunAsync("config", "--default");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("listen = \"/var/run/crio/crio.sock\"").And.Contain("root = \"/var/lib/criengine/storage\""));
    }

    [Test]
    public async Task Config_with_an_invalid_file_names_the_file_and_fails()
    {
        var file = _directory.Combine("bad.conf");
        await File.WriteAllTextAsync(file, "[crio.api]\nlisten = 5\n");

        var (code, _, errors) = await RunAsync("config", "--config", file, "--config-dir", "");

        Assert.That(code, Is.Not.Zero);
        Assert.That(errors, Does.Contain("bad.conf:2").And.Contain("crio.api.listen"));
    }

    [Test]
    public async Task Unknown_flag_is_refused_with_its_name()
    {
        var (code, _, errors) = await RunAsync("--no-such-flag");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("--no-such-flag"));
    }

    [Test]
    public async Task Missing_explicit_config_file_is_fatal()
    {
        var (code, _, errors) = await RunAsync("config", "--config", _directory.Combine("absent.conf"));

        Assert.That(code, Is.Not.Zero);
        Assert.That(errors, Does.Contain("absent.conf"));
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(DaemonProcess.DaemonAssembly);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
