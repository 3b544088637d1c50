using System.Diagnostics;
using CriEngine.Api;
using CriEngine.Network.Cni;
using CriEngine.Network.Namespaces;
using CriEngine.Platform.Processes;
using CriEngine.TestSupport.Containers;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Bench;

/// <summary>
/// Pod and container operations through the CRI, 50 times each, beside the same work done
/// directly with runc in the same run (runc run / exec / kill + delete of a busybox bundle): the
/// floor the engine adds its monitor, images, namespaces, cgroups and records to.
/// </summary>
internal static class PodBench
{
    private const int Iterations = 50;

    public static async Task RunAsync(string engineBinary)
    {
        Environment.SetEnvironmentVariable("CRIENGINE_DAEMON", engineBinary);
        await using var bed = await PodTestBed.StartAsync();
        await bed.PullBusyboxAsync();
        var runPod = new List<double>();
        var createStart = new List<double>();
        var exec = new List<double>();
        var stopRemove = new List<double>();

        // One pod first, not counted: the pause image pull and the daemon's warm-up.
        var warm = bed.PodConfig("warm");
        var warmPod = await bed.RunPodAsync(warm);
        await bed.RunContainerAsync(warmPod, warm, bed.ContainerConfig("c", "sleep", "100000"));
        await RemovePodAsync(bed, warmPod);
        var idleRss = Rss(bed.DaemonPid);

        var pods = new List<string>();
        for (var i = 0; i < Iterations; i++)
        {
            var config = bed.PodConfig($"bench-{i}");
            var pod = await Timing.MeasureAsync(runPod, () => bed.RunPodAsync(config));
            var container = await Timing.MeasureAsync(createStart, () => bed.RunContainerAsync(pod, config, bed.ContainerConfig("c", "sleep", "100000")));
            var request = new ExecSyncRequest { ContainerId = container, Timeout = 30, Cmd = { "true" } };
            await Timing.MeasureAsync(exec, () => bed.Client.UnaryAsync(PodTestBed.Runtime + "ExecSync", request, ExecSyncResponse.Parser));
            pods.Add(pod);
        }
        var busyRss = Rss(bed.DaemonPid);
        foreach (var pod in pods)
            await Timing.MeasureAsync(stopRemove, async () => { await RemovePodAsync(bed, pod); return 0; });

        var floor = await RuncFloorAsync();
        var plugins = await PluginFloorAsync(bed);
        Report.Header($"Pods through the CRI ({Iterations} iterations, median / p99), beside runc driven directly", "criengine", "runc directly");
        Row("RunPodSandbox  |  runc run -d (busybox sleep)", runPod, floor.Run);
        Row("CreateContainer + StartContainer  |  runc run -d", createStart, floor.Run);
        Row("ExecSync true  |  runc exec true", exec, floor.Exec);
        Row("StopPodSandbox + RemovePodSandbox  |  runc kill + delete", stopRemove, floor.Remove);
        Report.Header($"Pod networking ({Iterations} iterations, median / p99), beside the same CNI plugins run alone", "criengine", "plugins alone");
        Row("RunPodSandbox on the bridge  |  CNI ADD (bridge, portmap)", runPod, plugins.Add);
        Row("StopPodSandbox + RemovePodSandbox  |  CNI DEL", stopRemove, plugins.Delete);
        Report.Row("daemon RSS with 0 pods", $"{idleRss / 1024.0:F1} MiB", "");
        Report.Row($"daemon RSS with {Iterations} running pods", $"{busyRss / 1024.0:F1} MiB", "");
    }

    private static void Row(string figure, List<double> engine, List<double> floor) =>
        Report.Row(figure, $"{Report.Median(engine):F0} / {Report.P99(engine):F0} ms", $"{Report.Median(floor):F0} / {Report.P99(floor):F0} ms");

    private static async Task RemovePodAsync(PodTestBed bed, string pod)
    {
        await bed.Client.UnaryAsync(PodTestBed.Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser);
        await bed.Client.UnaryAsync(PodTestBed.Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser);
    }

    private static async Task<(List<double> Run, List<double> Exec, List<double> Remove)> RuncFloorAsync()
    {
        await using var environment = new ContainerTestEnvironment("/usr/sbin/runc");
        var run = new List<double>();
        var exec = new List<double>();
        var remove = new List<double>();
        for (var i = 0; i < Iterations; i++)
        {
            var id = environment.NewContainerId();
            var bundle = environment.CreateBundle(id, "sleep", "100000");
            environment.TrackContainer(id);
            await Timing.MeasureAsync(run, () => RuncDetachedAsync(environment, bundle, id));
            await Timing.MeasureAsync(exec, () => RuncAsync(environment, "exec", id, "true"));
            await Timing.MeasureAsync(remove, async () => { await RuncAsync(environment, "kill", id, "KILL"); return await RuncAsync(environment, "delete", "-f", id); });
        }
        return (run, exec, remove);
    }

    /// <summary>
    /// The floor of a pod's networking: ADD and DEL of the test bed's network on a fresh network
    /// namespace, the plugins run as the daemon runs them, with nothing of the daemon around.
    /// </summary>
    private static async Task<(List<double> Add, List<double> Delete)> PluginFloorAsync(PodTestBed bed)
    {
        var invoker = new CniInvoker([bed.Network.PluginDirectory], TimeSpan.FromMinutes(1));
        var add = new List<double>();
        var delete = new List<double>();
        for (var i = 0; i < Iterations; i++)
        {
            var id = $"bench-cni-{i}";
            var netns = await NetworkNamespace.CreateAsync(bed.Network.Directory.Combine(id));
            try
            {
                var attachment = new CniAttachment(bed.Network.ConfigList(), id, netns, CniAttachment.DefaultInterface,
                    CniAttachment.PodArguments("bench", id, id, id), [], null);
                var result = await Timing.MeasureAsync(add, () => invoker.AddAsync(attachment));
                await Timing.MeasureAsync(delete, async () => { await invoker.DeleteAsync(attachment with { Result = result }); return 0; });
            }
            finally
            {
                NetworkNamespace.Remove(netns);
            }
        }
        return (add, delete);
    }

    /// <summary>
    /// <c>runc run -d</c> hands its own stdio to the container, which keeps it open: run it with
    /// stdio on /dev/null, through sh's redirections (this benchmark's only shell; it adds a fork).
    /// </summary>
    private static async Task<int> RuncDetachedAsync(ContainerTestEnvironment environment, string bundle, string id)
    {
        var command = $"exec /usr/sbin/runc --root '{environment.RuntimeRoot}' run -d --bundle '{bundle}' '{id}' </dev/null >/dev/null 2>&1";
        var result = await ProcessRunner.RunAsync(new ProcessSpec("/bin/sh", ["-c", command]) { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        return result.Succeeded ? 0 : throw new InvalidOperationException($"runc run {id}: exit {result.ExitCode}");
    }

    private static async Task<int> RuncAsync(ContainerTestEnvironment environment, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("/usr/sbin/runc", ["--root", environment.RuntimeRoot, .. arguments]) { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        if (!result.Succeeded)
            throw new InvalidOperationException($"runc {string.Join(' ', arguments)}: {result.StderrTail}");
        return result.ExitCode;
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
