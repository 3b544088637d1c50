using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Tests.Containers;

public sealed class SignalTests : CrimonTestBase
{
    [Test]
    public async Task Signal_to_the_monitor_is_forwarded_to_the_container()
    {
        var (id, container) = await RunAsync("sh", "-c", "trap 'echo got TERM; exit 42' TERM; while true; do sleep 0.1; done");
        await Task.Delay(300);

        Assert.That(Libc.Kill(container.MonitorPid, Constants.SigTerm), Is.Zero);

        Assert.That(await ExitCodeAsync(id), Is.EqualTo(42));
        Assert.That(File.ReadAllText(Environment.LogPath(id)), Does.Contain(" stdout F got TERM"));
    }
}
