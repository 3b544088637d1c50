using CriEngine.Server.Metrics;
using CriEngine.TestSupport;

namespace CriEngine.Server.Tests.Metrics;

public class SoftLimitsTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max processes             63704                63704                processes
        Max open files            1024                 1048576              files
        Max locked memory         8388608              8388608              bytes

        """;

    [Test]
    public async Task Soft_limit_of_open_files_comes_from_the_processes_limits_and_a_process_gone_has_none()
    {
        using var proc = new TempDirectory("criengine-proc");
        proc.Write("41/limits", Limits);
        proc.Write("42/limits", Limits.Replace("1024                 1048576", "unlimited            unlimited", StringComparison.Ordinal));

        Assert.That(await SoftLimits.OpenFilesAsync(41, CancellationToken.None, proc.Path), Is.EqualTo(1024UL));
        Assert.That(await SoftLimits.OpenFilesAsync(42, CancellationToken.None, proc.Path), Is.Null, "unlimited");
        Assert.That(await SoftLimits.OpenFilesAsync(99, CancellationToken.None, proc.Path), Is.Null);
    }
}
