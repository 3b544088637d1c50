using CriEngine.Oci.Monitor;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Monitor;

/// <summary>
/// The exit of a SIGKILLed container and the monitor's OOM marker come in either order: the
/// exits, written here as a monitor writes them.
/// </summary>
public sealed class ExitWatcherOomGraceTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void Create() => _dir = new TempDirectory();

    [TearDown]
    public void Remove() => _dir.Dispose();

    [Test]
    public async Task Oom_marker_written_just_after_the_exit_still_marks_it()
    {
        using var watcher = Watch();

        _dir.Write("exits/c1", "137");
        await Task.Delay(60);
        _dir.Write("persist/c1/oom", "");
        var exit = await watcher.Exits.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That((exit.ContainerId, exit.ExitCode, exit.OomKilled), Is.EqualTo(("c1", 137, true)));
    }

    [Test]
    public async Task Kill_without_an_oom_marker_is_reported_after_the_grace_as_no_oom()
    {
        using var watcher = Watch();

        _dir.Write("exits/c2", "137");
        var exit = await watcher.Exits.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That((exit.ContainerId, exit.ExitCode, exit.OomKilled), Is.EqualTo(("c2", 137, false)));
    }

    private ExitWatcher Watch()
    {
        Directory.CreateDirectory(_dir.Combine("exits"));
        var watcher = new ExitWatcher(_dir.Combine("exits"), id => _dir.Combine("persist", id), new TestLogger());
        watcher.Start();
        return watcher;
    }
}
