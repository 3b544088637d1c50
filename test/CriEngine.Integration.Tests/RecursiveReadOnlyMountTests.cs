using CriEngine.Api;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>Mount.recursive_read_only on the real daemon with runc: the mounts beneath a read-only volume are read-only too.</summary>
[Category("Integration")]
public sealed class RecursiveReadOnlyMountTests
{
    private PodTestBed _bed = null!;
    private string _volume = null!;
    private string _submount = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        await _bed.PullBusyboxAsync();
        _volume = _bed.Directory.Combine("volume");
        _submount = Path.Combine(_volume, "sub");
        Directory.CreateDirectory(_submount);
        var mount = await ExternalCommand.RunAsync("mount", ["-t", "tmpfs", "-o", "size=1m", "rro-test", _submount]);
        Assert.That(mount.ExitCode, Is.Zero, mount.StandardError);
    }

    [TearDown]
    public async Task TearDown()
    {
        try
        {
            await _bed.DisposeAsync();
        }
        finally
        {
            await ExternalCommand.RunAsync("umount", ["-l", _submount]);
        }
    }

    [TestCase(false, "writable")]
    [TestCase(true, "read-only")]
    public async Task A_submount_of_a_read_only_volume_is_read_only_only_when_asked_recursively(bool recursive, string expected)
    {
        var pod = _bed.PodConfig(recursive ? "rro" : "ro");
        var podId = await _bed.RunPodAsync(pod);
        var config = _bed.ContainerConfig("app", "sleep", "3600");
        config.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = _volume, Readonly = true, RecursiveReadOnly = recursive });
        var id = await _bed.RunContainerAsync(podId, pod, config);

        var probe = await _bed.ExecAsync(id, "sh", "-c", "if touch /data/sub/file 2>/dev/null; then echo writable; else echo read-only; fi; touch /data/top 2>/dev/null || echo top read-only");

        Assert.That(probe.Stdout.ToStringUtf8().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { expected, "top read-only" }));
    }
}
