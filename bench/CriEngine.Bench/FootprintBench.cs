using System.Diagnostics;
using System.Globalization;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Bench;

/// <summary>
/// The daemon's footprint over a node's life, beside Debian's containerd 1.6 (its CRI plugin) in
/// the same run, both driven through the same CRI client: memory after start, after many pod
/// lifecycles and with pods running; CPU under a kubelet's polling; status latency under
/// concurrent lifecycles; pod start and list latency on a full node. Each step runs on one
/// runtime then the other, the first one alternating from step to step. Only the daemons are
/// measured (not conmon, not containerd's shims). BENCH_LIFECYCLES lowers the lifecycle count,
/// BENCH_PODS the full node's pods (250; the polled pods are 100, or 40 % of a smaller node).
/// </summary>
internal static class FootprintBench
{
    private const int DefaultLifecycles = 1000;
    private const int DefaultfullNodePods = 250;
    private const int Samples = 20;
    private const int ConcurrentLifecycles = 10;
    private const int LifecyclesPerWorker = 5;
    private static readonly TimeSpan PollingWindow = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string engineBinary)
    {
        var lifecycles = Knob("BENCH_LIFECYCLES", DefaultLifecycles);
        var fullNodePods = Knob("BENCH_PODS", DefaultfullNodePods);
        var runningPods = Math.Min(100, fullNodePods * 2 / 5);
        Environment.SetEnvironmentVariable("CRIENGINE_DAEMON", engineBinary);
        await using var bed = await PodTestBed.StartAsync();
        await using var peer = await ContainerdPeer.StartAsync(bed);
        var engine = new CriTarget("criengine", bed.Client, bed.DaemonPid, bed.BusyboxImage, name => bed.PodConfig(name));
        var containerd = new CriTarget("containerd", peer.Client, peer.Pid, bed.BusyboxImage, peer.PodConfig);
        var peerVersion = (await peer.Client.UnaryAsync(PodTestBed.Runtime + "Version", new VersionRequest(), VersionResponse.Parser)).RuntimeVersion;
        var figures = new Figures();

        var step = 0;
        async Task Both(Func<CriTarget, Task> measure)
        {
            CriTarget[] order = step++ % 2 == 0 ? [engine, containerd] : [containerd, engine];
            foreach (var target in order)
            {
                Console.WriteLine($"footprint: step {step} on {target.Name}");
                await measure(target);
            }
        }

        await Both(target =>
        {
            // Each daemon has answered Version (started, then one call) and nothing else yet.
            figures.Add(target, "RSS after start and one call", Mib(target.RssKiB()));
            return Task.CompletedTask;
        });
        await Both(async target =>
        {
            await target.PullAsync();
            // One lifecycle first, not counted: the pause image's pull and the daemon's warm-up.
            await target.LifecycleAsync();
            var runPod = new List<double>();
            var createStart = new List<double>();
            for (var i = 0; i < Samples; i++)
                await target.RemoveAsync(await target.RunAsync(runPod, createStart));
            figures.Add(target, "RunPodSandbox, empty node (median / p99)", Latency(runPod));
            figures.Add(target, "Create+StartContainer, empty node (median / p99)", Latency(createStart));
        });
        var checkpoints = new[] { 200, 500, 1000 }.Where(n => n < lifecycles).Append(lifecycles).ToList();
        var half = lifecycles / 2;
        await Both(async target =>
        {
            var rssAtHalf = 0L;
            for (var i = 1; i <= lifecycles; i++)
            {
                await target.LifecycleAsync();
                if (i == half)
                    rssAtHalf = target.RssKiB();
                if (checkpoints.Contains(i))
                    figures.Add(target, $"RSS after {i} pod lifecycles", Mib(target.RssKiB()));
            }
            figures.Add(target, $"RSS growth, lifecycle {half} to {lifecycles}", $"{(target.RssKiB() - rssAtHalf) / 1024.0:+0.0;-0.0} MiB");
        });
        await Both(async target =>
        {
            var standing = await target.RunAsync();
            var podStatus = new List<double>();
            var containerStatus = new List<double>();
            using var done = new CancellationTokenSource();
            var probe = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    await Timing.MeasureAsync(podStatus, () => target.Client.UnaryAsync(PodTestBed.Runtime + "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = standing.Pod }, PodSandboxStatusResponse.Parser));
                    await Timing.MeasureAsync(containerStatus, () => target.Client.UnaryAsync(PodTestBed.Runtime + "ContainerStatus", new ContainerStatusRequest { ContainerId = standing.Container }, ContainerStatusResponse.Parser));
                    await Task.Delay(10);
                }
            });
            await Task.WhenAll(Enumerable.Range(0, ConcurrentLifecycles).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < LifecyclesPerWorker; i++)
                    await target.LifecycleAsync();
            })));
            await done.CancelAsync();
            await probe;
            await target.RemoveAsync(standing);
            figures.Add(target, $"PodSandboxStatus during {ConcurrentLifecycles} concurrent lifecycles (median / p99)", Latency(podStatus));
            figures.Add(target, $"ContainerStatus during {ConcurrentLifecycles} concurrent lifecycles (median / p99)", Latency(containerStatus));
        });
        await Both(async target =>
        {
            var pods = new List<(string Pod, string Container)>();
            try
            {
                while (pods.Count < runningPods)
                    pods.Add(await target.RunAsync());
                var rssAtRunning = target.RssKiB();
                figures.Add(target, $"RSS with {runningPods} pods running", Mib(rssAtRunning));
                var cpu = await PollAsync(target, pods);
                figures.Add(target, $"CPU over {PollingWindow.TotalSeconds:F0} s of kubelet polling, {runningPods} pods", $"{cpu:F2} s ({cpu / PollingWindow.TotalSeconds * 100:F1} %)");

                while (pods.Count < fullNodePods)
                    pods.Add(await target.RunAsync());
                var rssAtFull = target.RssKiB();
                figures.Add(target, $"RSS with {fullNodePods} pods running", Mib(rssAtFull));
                figures.Add(target, $"RSS per additional pod ({runningPods} to {fullNodePods})", $"{(rssAtFull - rssAtRunning) / (double)(fullNodePods - runningPods):F0} KiB");
                var runPod = new List<double>();
                var createStart = new List<double>();
                for (var i = 0; i < Samples; i++)
                    await target.RemoveAsync(await target.RunAsync(runPod, createStart));
                figures.Add(target, $"RunPodSandbox, {fullNodePods} pods running (median / p99)", Latency(runPod));
                figures.Add(target, $"Create+StartContainer, {fullNodePods} pods running (median / p99)", Latency(createStart));
                figures.Add(target, $"ListPodSandbox, {fullNodePods} pods (median / p99)", Latency(await RepeatAsync(() => target.Client.UnaryAsync(PodTestBed.Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser))));
                figures.Add(target, $"ListContainers, {fullNodePods} pods (median / p99)", Latency(await RepeatAsync(() => target.Client.UnaryAsync(PodTestBed.Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser))));
                figures.Add(target, $"ListContainerStats, {fullNodePods} pods (median / p99)", Latency(await RepeatAsync(() => target.Client.UnaryAsync(PodTestBed.Runtime + "ListContainerStats", new ListContainerStatsRequest(), ListContainerStatsResponse.Parser))));
            }
            finally
            {
                foreach (var pod in pods)
                    await target.RemoveAsync(pod);
            }
        });

        Report.Header($"Footprint beside containerd {peerVersion} (CRI plugin), the same CRI client; daemons only", "criengine", $"containerd {peerVersion}");
        figures.Print(engine, containerd);
    }

    /// <summary>
    /// A kubelet's polling of running pods: every second ListPodSandbox, ListContainers and each
    /// pod's and container's status; every ten seconds the stats of all. Returns the daemon's CPU seconds.
    /// </summary>
    private static async Task<double> PollAsync(CriTarget target, List<(string Pod, string Container)> pods)
    {
        var before = target.CpuSeconds();
        var clock = Stopwatch.StartNew();
        for (var second = 0; second < (int)PollingWindow.TotalSeconds; second++)
        {
            await Call(target.Client, "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser);
            await Call(target.Client, "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser);
            foreach (var (pod, container) in pods)
            {
                await Call(target.Client, "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = pod }, PodSandboxStatusResponse.Parser);
                await Call(target.Client, "ContainerStatus", new ContainerStatusRequest { ContainerId = container }, ContainerStatusResponse.Parser);
            }
            if (second % 10 == 0)
            {
                await Call(target.Client, "ListContainerStats", new ListContainerStatsRequest(), ListContainerStatsResponse.Parser);
                await Call(target.Client, "ListPodSandboxStats", new ListPodSandboxStatsRequest(), ListPodSandboxStatsResponse.Parser);
            }
            var next = TimeSpan.FromSeconds(second + 1) - clock.Elapsed;
            if (next > TimeSpan.Zero)
                await Task.Delay(next);
        }
        var late = clock.Elapsed - PollingWindow;
        if (late > TimeSpan.FromSeconds(1))
            Console.WriteLine($"footprint: {target.Name}'s polling ran {late.TotalSeconds:F1} s past its {PollingWindow.TotalSeconds:F0} s");
        return target.CpuSeconds() - before;
    }

    private static int Knob(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static Task<T> Call<T>(GrpcClient client, string method, Google.Protobuf.IMessage request, Google.Protobuf.MessageParser<T> parser)
        where T : Google.Protobuf.IMessage<T> =>
        client.UnaryAsync(PodTestBed.Runtime + method, request, parser, TimeSpan.FromMinutes(1));

    private static async Task<List<double>> RepeatAsync<T>(Func<Task<T>> call)
    {
        var times = new List<double>();
        for (var i = 0; i < Samples; i++)
            await Timing.MeasureAsync(times, call);
        return times;
    }

    private static string Latency(List<double> times) => $"{Report.Median(times):F1} / {Report.P99(times):F1} ms";

    private static string Mib(long kib) => $"{kib / 1024.0:F1} MiB";

    /// <summary>Figures by label in the order first measured, one value per runtime.</summary>
    private sealed class Figures
    {
        private readonly List<string> _labels = [];
        private readonly Dictionary<(string Runtime, string Label), string> _values = [];

        public void Add(CriTarget target, string label, string value)
        {
            if (!_labels.Contains(label))
                _labels.Add(label);
            _values[(target.Name, label)] = value;
            Console.WriteLine($"footprint: {target.Name}: {label}: {value}");
        }

        public void Print(CriTarget engine, CriTarget peer)
        {
            foreach (var label in _labels)
                Report.Row(label, _values.GetValueOrDefault((engine.Name, label), ""), _values.GetValueOrDefault((peer.Name, label), ""));
        }
    }
}
