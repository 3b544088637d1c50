using System.Diagnostics;
using CriEngine.Oci.Monitor;
using CriEngine.TestSupport;

namespace CriEngine.Crimon.Tests.Containers;

/// <summary>What the engine's launcher does not pass but CRI-O's callers (and podman) do: exit command, exit delay, OOM.</summary>
public sealed class ExitAndOomTests : CrimonTestBase
{
    [Test]
    public async Task Exit_command_runs_after_the_exit_file_with_its_arguments_and_delay()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "true");
        var marker = Path.Combine(Environment.Root, "exit-command-ran");
        var script = Path.Combine(Environment.Root, "exit-command");
        // Written aside and renamed: the test reads the marker whole, never half written.
        File.WriteAllText(script, $"#!/bin/sh\n{{ echo \"$@\"; cat {Environment.ExitDirectory}/{id}; }} > {marker}.tmp && mv {marker}.tmp {marker}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var clock = Stopwatch.StartNew();

        var monitor = await StartByHandAsync(id, ["--exit-command", script, "--exit-command-arg", "one", "--exit-command-arg", "two words", "--exit-delay", "1"]);
        Environment.TrackMonitor(monitor);
        await Runtime.StartAsync(id);

        Assert.That(await Eventually.TrueAsync(() => File.Exists(marker) && File.ReadAllText(marker).Length > 0, TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(1)), "after the delay");
        Assert.That(File.ReadAllText(marker), Is.EqualTo("one two words\n0"));
        Assert.That(await Eventually.TrueAsync(() => IsDead(monitor), TimeSpan.FromSeconds(5)), Is.True);
    }

    [Test]
    public async Task Oom_kill_in_the_memory_cgroup_is_recorded_in_the_persist_directory()
    {
        var id = Environment.NewContainerId();
        var memory = Environment.CreateCgroup("memory", id);
        File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), (16 * 1024 * 1024).ToString());
        Environment.CreateBundle(id, "sh", "-c", "sleep 0.5; a=$(yes aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | head -c 200000000); echo survived");
        await CreateAsync(id);

        await Runtime.StartAsync(id);

        Assert.That(await ExitCodeAsync(id, TimeSpan.FromSeconds(30)), Is.EqualTo(137));
        Assert.That(File.Exists(MonitorPaths.OomMarker(Environment.BundleDirectory(id))), Is.True, "oom marker written");
    }

    /// <summary>crimon started as the launcher starts it, with flags of the test's own, without a sync pipe; returns the monitor's PID.</summary>
    private async Task<int> StartByHandAsync(string id, string[] extra)
    {
        var bundle = Environment.BundleDirectory(id);
        var start = new ProcessStartInfo(CrimonPath) { WorkingDirectory = bundle, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
                 {
                     "-b", bundle, "-c", id, "-u", id, "-n", "x", "-r", RuncPath, "--runtime-arg", "--root=" + Environment.RuntimeRoot,
                     "--exit-dir", Environment.ExitDirectory, "--persist-dir", bundle, "-l", Environment.LogPath(id),
                     "-P", MonitorPaths.MonitorPidFile(bundle), "-p", MonitorPaths.ContainerPidFile(bundle), "--socket-dir-path", Environment.SocketDirectory,
                 }.Concat(extra))
            start.ArgumentList.Add(argument);
        using var launched = Process.Start(start)!;
        await launched.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(launched.ExitCode, Is.Zero, await launched.StandardError.ReadToEndAsync());
        Assert.That(await Eventually.TrueAsync(() => File.Exists(MonitorPaths.ContainerPidFile(bundle)), TimeSpan.FromSeconds(10)), Is.True, "created");
        return int.Parse(File.ReadAllText(MonitorPaths.MonitorPidFile(bundle)));
    }
}
