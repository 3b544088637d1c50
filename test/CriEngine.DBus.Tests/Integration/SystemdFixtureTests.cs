using System.Diagnostics;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Systemd;

namespace CriEngine.DBus.Tests.Integration;

/// <summary>The systemd-in-namespaces fixture itself: its host protections hold, and it leaves nothing behind.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SystemdFixtureTests
{
    [Test]
    public async Task Host_settings_and_sys_are_read_only_inside()
    {
        foreach (var file in new[] { "/proc/sys/fs/file-max", "/proc/sys/net/unix/max_dgram_qlen", "/proc/sysrq-trigger", "/sys/kernel/mm/transparent_hugepage/enabled" })
        {
            if (!File.Exists(file))
                continue;
            var result = await SystemdBus.Instance.RunInsideAsync(["sh", "-c", $"cat {file} > {file}"]);
            Assert.That(result.ExitCode, Is.Not.Zero, file);
            Assert.That(result.StandardError, Does.Contain("Read-only file system"), file);
        }
    }

    [Test]
    public async Task Systemd_inside_is_pid_1_without_the_module_capability()
    {
        var status = await SystemdBus.Instance.RunInsideAsync(["cat", "/proc/1/status"]);
        var text = status.StandardOutputText;
        Assert.That(text, Does.Contain("Name:\tsystemd"));
        var bounding = Convert.ToUInt64(text.Split('\n').Single(l => l.StartsWith("CapBnd:"))[7..].Trim(), 16);
        const int sysModule = 16;
        Assert.That(bounding & (1UL << sysModule), Is.Zero, "CAP_SYS_MODULE is dropped");
    }

    [Test]
    public async Task Stopping_ends_every_process_inside_and_removes_its_cgroups_and_state()
    {
        var clock = Stopwatch.StartNew();
        var instance = await SystemdInNamespaces.StartAsync("criengine-dbus-fixture-test");
        var started = clock.Elapsed;
        var pid = instance.Pid;
        var cgroups = instance.Hierarchies.Select(h => Path.Combine(h.MountPoint, instance.CgroupName)).ToList();
        var state = instance.StateDirectory;
        var left = await instance.StartInsideAsync(["sleep", "300"]);
        Assert.That(cgroups, Has.All.Matches<string>(Directory.Exists));

        clock.Restart();
        await instance.DisposeAsync();
        TestContext.Out.WriteLine($"systemd in namespaces: started in {started.TotalSeconds:0.00} s, stopped in {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.That(Directory.Exists($"/proc/{pid}"), Is.False, "systemd is gone");
        Assert.That(await Eventually.TrueAsync(() => !left.IsAlive, TimeSpan.FromSeconds(5)), Is.True, "a process left inside is ended");
        Assert.That(cgroups.Where(Directory.Exists), Is.Empty);
        Assert.That(Directory.Exists(state), Is.False);
        await left.DisposeAsync();
    }
}
