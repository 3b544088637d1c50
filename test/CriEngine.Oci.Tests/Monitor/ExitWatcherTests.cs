using CriEngine.Oci.Monitor;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Containers;

namespace CriEngine.Oci.Tests.Monitor;

[TestFixture("runc", "conmon")]
[TestFixture("runc", "crimon")]
[TestFixture("crun", "conmon")]
public sealed class ExitWatcherTests(string runtimeName, string monitorName) : ContainerTestBase(runtimeName, monitorName)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Exit_is_reported_with_its_code_and_time()
    {
        using var watcher = Watch();
        var before = DateTimeOffset.UtcNow;

        var (id, _) = await RunAsync("sh", "-c", "exit 3");

        var exit = await watcher.Exits.ReadAsync().AsTask().WaitAsync(Patience);
        var after = DateTimeOffset.UtcNow;
        Assert.That((exit.ContainerId, exit.ExitCode, exit.OomKilled), Is.EqualTo((id, 3, false)));
        Assert.That(exit.ExitedAt, Is.InRange(before.AddSeconds(-1), after));
        Assert.That(File.ReadAllText(MonitorPaths.ExitFile(Environment.ExitDirectory, id)), Is.EqualTo("3"), "conmon's exit file");
    }

    [Test]
    public async Task Exits_recorded_while_nobody_watched_are_reported_at_start()
    {
        var (first, _) = await RunAsync("sh", "-c", "exit 5");
        var (second, _) = await RunAsync("true");
        Assert.That(await Eventually.TrueAsync(() => Directory.GetFiles(Environment.ExitDirectory).Length == 2, Patience), Is.True, "both exited");

        using var watcher = Watch();

        var exits = new[] { await NextAsync(watcher), await NextAsync(watcher) };
        Assert.That(exits.Select(exit => (exit.ContainerId, exit.ExitCode)), Is.EquivalentTo(new[] { (first, 5), (second, 0) }));
        Assert.That(watcher.Exits.TryRead(out var more), Is.False, $"each exit once, got also {more}");
    }

    [Test]
    public async Task Oom_killed_container_is_reported_as_such()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "x=$(yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 200000000); echo survived");
        await CreateAsync(id);
        await Runtime.UpdateAsync(id, """{"memory":{"limit":16777216,"swap":16777216}}""");
        using var watcher = Watch();

        await Runtime.StartAsync(id);

        var exit = await watcher.Exits.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That((exit.ContainerId, exit.ExitCode, exit.OomKilled), Is.EqualTo((id, 137, true)));
        Assert.That(File.Exists(MonitorPaths.OomMarker(Environment.BundleDirectory(id))), Is.True);
    }

    [Test]
    public async Task A_container_that_has_not_exited_has_no_exit()
    {
        var (id, _) = await RunAsync("sleep", "600");
        using var watcher = Watch();

        Assert.That(watcher.TryRead(id), Is.Null);
        Assert.That(watcher.Exits.TryRead(out _), Is.False);
    }

    private ExitWatcher Watch()
    {
        var watcher = new ExitWatcher(Environment.ExitDirectory, Environment.BundleDirectory, new TestLogger());
        watcher.Start();
        return watcher;
    }

    private static async Task<ContainerExit> NextAsync(ExitWatcher watcher) =>
        await watcher.Exits.ReadAsync().AsTask().WaitAsync(Patience);
}
