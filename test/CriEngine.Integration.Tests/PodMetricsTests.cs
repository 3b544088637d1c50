using CriEngine.Api;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>ListMetricDescriptors, ListPodSandboxMetrics and StreamPodSandboxMetrics on the real daemon, with real cgroups and a real pod network.</summary>
[Category("Integration")]
public sealed class PodMetricsTests
{
    private const string Runtime = PodTestBed.Runtime;

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp() => _bed = await PodTestBed.StartAsync();

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    private async Task<List<PodSandboxMetrics>> ListAsync() =>
        (await _bed.Client.UnaryAsync(Runtime + "ListPodSandboxMetrics", new ListPodSandboxMetricsRequest(), ListPodSandboxMetricsResponse.Parser)).PodMetrics.ToList();

    private async Task<List<MetricDescriptor>> DescriptorsAsync() =>
        (await _bed.Client.UnaryAsync(Runtime + "ListMetricDescriptors", new ListMetricDescriptorsRequest(), ListMetricDescriptorsResponse.Parser)).Descriptors.ToList();

    private static IEnumerable<Metric> All(PodSandboxMetrics pod) => pod.Metrics.Concat(pod.ContainerMetrics.SelectMany(c => c.Metrics));

    private static ulong? Value(IEnumerable<PodSandboxMetrics> pods, string container, string name) =>
        pods.SelectMany(p => p.ContainerMetrics).Where(c => c.ContainerId == container).SelectMany(c => c.Metrics).FirstOrDefault(m => m.Name == name)?.Value.Value;

    private async Task<(string Pod, string Container)> RunBusyPodAsync()
    {
        await _bed.PullBusyboxAsync();
        var config = _bed.PodConfig("metered");
        var pod = await _bed.RunPodAsync(config);
        var busy = _bed.ContainerConfig("busy", "sh", "-c", "while :; do :; done");
        busy.Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { CpuPeriod = 100_000, CpuQuota = 50_000, CpuShares = 512, MemoryLimitInBytes = 256 << 20 } };
        var container = await _bed.RunContainerAsync(pod, config, busy);
        return (pod, container);
    }

    [Test]
    public async Task A_running_pods_metrics_show_cpu_memory_and_network_and_every_one_is_described()
    {
        var (pod, container) = await RunBusyPodAsync();

        // CPU comes in whole seconds, as cAdvisor's: the first second takes a moment.
        List<PodSandboxMetrics> pods = [];
        var busy = await Eventually.TrueAsync(async () => Value(pods = await ListAsync(), container, "container_cpu_usage_seconds_total") >= 1, TimeSpan.FromSeconds(60));
        var descriptors = await DescriptorsAsync();
        var streamed = new List<PodSandboxMetrics>();
        await foreach (var response in _bed.Client.ServerStreamingAsync(Runtime + "StreamPodSandboxMetrics", new StreamPodSandboxMetricsRequest(), StreamPodSandboxMetricsResponse.Parser))
            streamed.AddRange(response.PodSandboxMetrics);

        Assert.That(busy, Is.True, "a container in a busy loop used a second of CPU");
        var metrics = pods.Single();
        Assert.That(metrics.PodSandboxId, Is.EqualTo(pod));
        Assert.That(metrics.ContainerMetrics.Select(c => c.ContainerId), Is.EqualTo(new[] { container }));
        Assert.That(Value(pods, container, "container_memory_working_set_bytes"), Is.GreaterThan(0UL));
        Assert.That(Value(pods, container, "container_processes"), Is.GreaterThanOrEqualTo(1UL));
        Assert.That(Value(pods, container, "container_oom_events_total"), Is.Zero);
        Assert.That(Value(pods, container, "container_threads"), Is.GreaterThanOrEqualTo(1UL));
        Assert.That(Value(pods, container, "container_file_descriptors"), Is.GreaterThanOrEqualTo(3UL), "the shell's stdin, stdout and stderr at least");
        Assert.That(Value(pods, container, "container_ulimits_soft"), Is.EqualTo(ulong.Parse((await _bed.ExecAsync(container, "sh", "-c", "ulimit -n")).Stdout.ToStringUtf8().Trim())),
            "the soft limit of open files the container's processes see");
        Assert.That(Value(pods, container, "container_spec_cpu_quota"), Is.EqualTo(50_000UL));
        Assert.That(Value(pods, container, "container_spec_cpu_shares"), Is.EqualTo(512UL));
        Assert.That(Value(pods, container, "container_spec_memory_limit_bytes"), Is.EqualTo(256UL << 20));
        Assert.That(Value(pods, container, "container_fs_usage_bytes"), Is.GreaterThan(0UL).And.LessThanOrEqualTo(Value(pods, container, "container_fs_limit_bytes")!.Value));
        Assert.That(Value(pods, container, "container_fs_inodes_free"), Is.LessThanOrEqualTo(Value(pods, container, "container_fs_inodes_total")!.Value));
        var received = metrics.Metrics.Single(m => m.Name == "container_network_receive_bytes_total");
        Assert.That(received.LabelValues, Is.EqualTo(new[] { pod, "POD", "", "eth0" }), "the pod's own interface, loopback left out");
        Assert.That(received.Timestamp, Is.Zero, "gathered for the request, not cached");
        var usage = metrics.ContainerMetrics.Single().Metrics.Single(m => m.Name == "container_cpu_usage_seconds_total");
        Assert.That(usage.MetricType, Is.EqualTo(MetricType.Counter));
        Assert.That(usage.LabelValues[0], Is.EqualTo(container));
        Assert.That(usage.LabelValues[1], Does.StartWith("k8s_busy_metered_"), "the container's runtime name");
        Assert.That(usage.LabelValues[2], Is.EqualTo(_bed.BusyboxImage));
        Assert.That(usage.LabelValues[3], Is.EqualTo("total"));

        var described = descriptors.ToDictionary(d => d.Name);
        foreach (var metric in All(metrics))
        {
            Assert.That(described, Does.ContainKey(metric.Name), "the kubelet drops what is not described");
            Assert.That(metric.LabelValues, Has.Count.EqualTo(described[metric.Name].LabelKeys.Count), metric.Name);
        }
        var served = All(metrics).Select(m => m.Name).ToHashSet();
        // What some kernels do not account: swap (v1 without swapaccount), kernel memory and the peak (v2 before 5.18 and 5.19).
        string[] kernelDependent = ["container_memory_swap", "container_memory_kernel_usage", "container_memory_max_usage_bytes"];
        Assert.That(described.Keys.Where(name => !served.Contains(name)), Is.SubsetOf(kernelDependent), "described and never served");
        TestContext.Out.WriteLine($"described, not served here: {string.Join(", ", described.Keys.Where(name => !served.Contains(name)))}");
        Assert.That(streamed.Select(p => (p.PodSandboxId, p.ContainerMetrics.Count)), Is.EqualTo(pods.Select(p => (p.PodSandboxId, p.ContainerMetrics.Count))));
    }

    [Test]
    public async Task Included_groups_and_a_collection_period_apply_on_reload_and_metrics_then_come_from_the_last_collection()
    {
        var (_, container) = await RunBusyPodAsync();
        await File.WriteAllTextAsync(_bed.Layout.DropIn("50-metrics.conf"), """
            [crio.stats]
            collection_period = 1
            included_pod_metrics = ["cpu", "oom"]
            """);
        await _bed.Daemon.ReloadAsync();

        List<PodSandboxMetrics> pods = [];
        var cached = await Eventually.TrueAsync(async () => (pods = await ListAsync()).SelectMany(All).ToList() is { Count: > 0 } all && all.All(m => m.Timestamp > 0), TimeSpan.FromSeconds(20));
        var descriptors = await DescriptorsAsync();
        var first = pods.SelectMany(All).First().Timestamp;
        var later = await Eventually.TrueAsync(async () => (await ListAsync()).SelectMany(All).First().Timestamp > first, TimeSpan.FromSeconds(20));

        Assert.That(cached, Is.True, "every metric carries the time of its collection");
        Assert.That(later, Is.True, "collected again after a period");
        Assert.That(pods.Single().Metrics, Is.Empty, "no network group");
        Assert.That(pods.SelectMany(All).Select(m => m.Name).Distinct(), Is.EquivalentTo(new[]
        {
            "container_last_seen", "container_cpu_user_seconds_total", "container_cpu_system_seconds_total", "container_cpu_usage_seconds_total",
            "container_cpu_cfs_periods_total", "container_cpu_cfs_throttled_periods_total", "container_cpu_cfs_throttled_seconds_total", "container_oom_events_total",
        }));
        Assert.That(descriptors.Select(d => d.Name), Is.EquivalentTo(pods.SelectMany(All).Select(m => m.Name).Distinct()));
        Assert.That(Value(pods, container, "container_cpu_usage_seconds_total"), Is.Not.Null);
    }
}
