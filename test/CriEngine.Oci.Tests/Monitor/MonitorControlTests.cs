using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Containers;

namespace CriEngine.Oci.Tests.Monitor;

[TestFixture("runc", "conmon")]
[TestFixture("runc", "crimon")]
[TestFixture("crun", "conmon")]
public sealed class MonitorControlTests(string runtimeName, string monitorName) : ContainerTestBase(runtimeName, monitorName)
{
    [Test]
    public async Task Reopened_log_takes_new_lines_and_none_is_lost()
    {
        var (id, _) = await RunAsync("sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.01; done");
        var log = Environment.LogPath(id);
        var rotated = log + ".1";
        Assert.That(await Eventually.TrueAsync(() => LineCount(log) >= 10, TimeSpan.FromSeconds(10)), Is.True, "the container writes");

        File.Move(log, rotated);
        await MonitorControl.ReopenLogAsync(id, Environment.BundleDirectory(id), log).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(await Eventually.TrueAsync(() => LineCount(log) >= 10, TimeSpan.FromSeconds(10)), Is.True, "new lines go to the new file");
        using var exits = new ExitWatcher(Environment.ExitDirectory, Environment.BundleDirectory, new TestLogger());
        exits.Start();
        await Runtime.KillAsync(id, 9);
        await exits.Exits.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var numbers = File.ReadAllLines(rotated).Concat(File.ReadAllLines(log))
            .Select(line => int.Parse(line[(line.LastIndexOf(' ') + 1)..]))
            .ToList();
        Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, numbers.Count)), "every line once, in order, across both files");
        Assert.That(File.ReadAllLines(rotated), Is.Not.Empty);
    }

    [Test]
    public async Task Reopening_the_log_of_a_container_without_a_monitor_is_refused()
    {
        var (id, _) = await RunAsync("true");
        Assert.That(await Eventually.TrueAsync(() => File.Exists(MonitorPaths.ExitFile(Environment.ExitDirectory, id)), TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(await Eventually.TrueAsync(() => IsDead(MonitorPid(id)), TimeSpan.FromSeconds(10)), Is.True, "the monitor ended with its container");

        var error = Assert.ThrowsAsync<RpcException>(() => MonitorControl.ReopenLogAsync(id, Environment.BundleDirectory(id), Environment.LogPath(id)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Is.EqualTo($"container {id}: its monitor is not running (nothing reads {MonitorPaths.ControlFifo(Environment.BundleDirectory(id))})"));
    }

    private int MonitorPid(string id) => int.Parse(File.ReadAllText(MonitorPaths.MonitorPidFile(Environment.BundleDirectory(id))));

    private static int LineCount(string path)
    {
        try
        {
            return File.ReadAllLines(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
