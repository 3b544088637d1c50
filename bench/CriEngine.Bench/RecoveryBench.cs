using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Bench;

/// <summary>
/// A daemon SIGKILLed and started again: how long it takes to bring its records in line with the
/// node (sweeping leftovers, asking the runtime and the monitors) with 100 pods of one running
/// container each, beside the same restart on an empty node in the same run.
/// </summary>
internal static partial class RecoveryBench
{
    private const int Pods = 100;

    public static async Task RunAsync(string engineBinary)
    {
        Environment.SetEnvironmentVariable("CRIENGINE_DAEMON", engineBinary);
        await using var bed = await PodTestBed.StartAsync();
        await bed.PullBusyboxAsync();
        var empty = await RestartAsync(bed);
        var pods = new List<string>();
        for (var i = 0; i < Pods; i++)
        {
            var config = bed.PodConfig($"recovery-{i}");
            var pod = await bed.RunPodAsync(config);
            await bed.RunContainerAsync(pod, config, bed.ContainerConfig("c", "sleep", "100000"));
            pods.Add(pod);
        }
        var full = await RestartAsync(bed);
        foreach (var pod in pods)
            await bed.Client.UnaryAsync(PodTestBed.Runtime + "RemovePodSandbox", new Api.RemovePodSandboxRequest { PodSandboxId = pod }, Api.RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));

        Report.Header("Restart after SIGKILL: records reconciled with the node", $"{Pods} pods", "empty node");
        Report.Row("reconciliation (sweep, runtime and monitor state)", $"{full.Reconcile} ms", $"{empty.Reconcile} ms");
        Report.Row("start to serving the CRI", $"{full.Serving} ms", $"{empty.Serving} ms");
    }

    private static async Task<(long Reconcile, long Serving)> RestartAsync(PodTestBed bed)
    {
        var started = Stopwatch.StartNew();
        await bed.RestartAfterCrashAsync();
        var serving = started.ElapsedMilliseconds;
        var line = bed.Daemon.Output.Last(l => l.Contains("reconciled with the node", StringComparison.Ordinal));
        return (long.Parse(ReconciledIn().Match(line).Groups[1].Value, CultureInfo.InvariantCulture), serving);
    }

    [GeneratedRegex(@"in (\d+) ms")]
    private static partial Regex ReconciledIn();
}
