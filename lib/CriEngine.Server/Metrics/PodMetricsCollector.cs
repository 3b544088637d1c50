using System.Runtime.CompilerServices;
using CriEngine.Api;
using CriEngine.Cgroups;
using CriEngine.Server.Pods;
using CriEngine.Server.State;
using static CriEngine.Server.Metrics.PodMetricCatalog;

namespace CriEngine.Server.Metrics;

/// <summary>
/// Measures the CRI pod metrics of the ready pods: per running container from its cgroup (the
/// same readings as the CRI stats, under either cgroup manager, v1 or v2), and per pod the
/// network counters of its network namespace, read through its infra process. Values are
/// cAdvisor's units: CPU in whole seconds, memory in bytes.
/// </summary>
public sealed class PodMetricsCollector(Engine.Engine engine, StatsCollector stats)
{
    private const ulong NanoSecondsPerSecond = 1_000_000_000;

    public async IAsyncEnumerable<PodSandboxMetrics> CollectAsync(IReadOnlyList<string> groups, long timestampNanos, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var pod in ReadyPods())
            yield return await PodAsync(pod, groups, timestampNanos, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pods metrics are served for, oldest first.</summary>
    public IReadOnlyList<PodRecord> ReadyPods() => engine.Pods.Listed.Where(p => p.State == PodPhase.Ready).OrderBy(p => p.CreatedAt).ToList();

    /// <param name="timestampNanos">The metrics' timestamp: when they were collected for a cache, 0 when gathered for the request.</param>
    public async Task<PodSandboxMetrics> PodAsync(PodRecord pod, IReadOnlyList<string> groups, long timestampNanos, CancellationToken cancellationToken)
    {
        var metrics = new PodSandboxMetrics { PodSandboxId = pod.Id };
        if (groups.Contains(NetworkGroup))
            metrics.Metrics.AddRange(await NetworkAsync(pod, timestampNanos, cancellationToken).ConfigureAwait(false));
        var containers = engine.Containers.Listed.Where(c => c.PodId == pod.Id && c.State == ContainerPhase.Running).OrderBy(c => c.CreatedAt).ToList();
        foreach (var container in containers)
        {
            if (await stats.ReadAsync(pod, container, cancellationToken).ConfigureAwait(false) is not { } reading)
                continue;
            var openFilesLimit = groups.Contains(ProcessGroup) ? await SoftLimits.OpenFilesAsync(container.Pid, cancellationToken).ConfigureAwait(false) : null;
            metrics.ContainerMetrics.Add(Container(container, reading, openFilesLimit, groups, timestampNanos, engine.Images.Paths.Container(container.Id)));
        }
        return metrics;
    }

    /// <param name="openFilesLimit">The soft limit of open files of the container's first process.</param>
    /// <param name="directory">The container's storage directory, whose rootfs mount (merged) the disk group measures.</param>
    private static ContainerMetrics Container(ContainerRecord container, CgroupStats reading, ulong? openFilesLimit, IReadOnlyList<string> groups, long timestamp, string directory)
    {
        var metrics = new ContainerMetrics { ContainerId = container.Id };
        string[] labels = [container.Id, container.Name, container.Image];
        void Add(MetricDescriptor descriptor, MetricType type, ulong? value, params string[] extraLabels)
        {
            if (value is { } known)
                metrics.Metrics.Add(Metric(descriptor, type, known, timestamp, labels, extraLabels));
        }

        Add(LastSeen, MetricType.Gauge, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        if (groups.Contains(CpuGroup))
        {
            Add(CpuUser, MetricType.Counter, reading.Cpu?.UserNanoSeconds / NanoSecondsPerSecond);
            Add(CpuSystem, MetricType.Counter, reading.Cpu?.SystemNanoSeconds / NanoSecondsPerSecond);
            Add(CpuUsageSeconds, MetricType.Counter, reading.CpuUsageCoreNanoSeconds / NanoSecondsPerSecond, "total");
            Add(CfsPeriods, MetricType.Counter, reading.Cpu?.Periods);
            Add(CfsThrottledPeriods, MetricType.Counter, reading.Cpu?.ThrottledPeriods);
            Add(CfsThrottledSeconds, MetricType.Counter, reading.Cpu?.ThrottledNanoSeconds / NanoSecondsPerSecond);
        }
        // As CRI-O: the file system the container's root is on, which its writes fill.
        if (groups.Contains(DiskGroup) && Native.FileSystemUsage.Of(Path.Combine(directory, "merged")) is { } disk)
        {
            Add(FsInodesFree, MetricType.Gauge, disk.FreeInodes);
            Add(FsInodesTotal, MetricType.Gauge, disk.TotalInodes);
            Add(FsLimit, MetricType.Gauge, disk.TotalBytes);
            Add(FsUsage, MetricType.Gauge, disk.UsedBytes);
        }
        if (groups.Contains(MemoryGroup) && reading.Memory is { } memory)
        {
            Add(MemoryCache, MetricType.Gauge, memory.CacheBytes);
            Add(MemoryRss, MetricType.Gauge, memory.RssBytes);
            Add(MemoryKernel, MetricType.Gauge, memory.KernelBytes);
            Add(MemoryMappedFile, MetricType.Gauge, memory.MappedFileBytes);
            Add(MemorySwap, MetricType.Gauge, memory.SwapBytes);
            Add(MemoryFailcnt, MetricType.Counter, memory.LimitHits);
            Add(MemoryUsageBytes, MetricType.Gauge, memory.UsageBytes);
            Add(MemoryMaxUsage, MetricType.Gauge, memory.MaxUsageBytes);
            Add(MemoryWorkingSet, MetricType.Gauge, memory.WorkingSetBytes);
            // cAdvisor counts each fault kind twice: in the container alone and in its hierarchy, the same cgroup here.
            foreach (var scope in new[] { "container", "hierarchy" })
            {
                Add(MemoryFailures, MetricType.Counter, memory.PageFaults, "pgfault", scope);
                Add(MemoryFailures, MetricType.Counter, memory.MajorPageFaults, "pgmajfault", scope);
            }
        }
        if (groups.Contains(OomGroup))
            Add(OomEvents, MetricType.Counter, reading.OomKills);
        if (groups.Contains(ProcessGroup))
        {
            var open = OpenFiles.Of(reading.ProcessIds);
            Add(FileDescriptors, MetricType.Gauge, open.Descriptors);
            Add(Processes, MetricType.Gauge, reading.ProcessCount);
            Add(Sockets, MetricType.Gauge, open.Sockets);
            Add(Threads, MetricType.Gauge, reading.ThreadCount);
            Add(ThreadsMax, MetricType.Gauge, reading.ThreadCount is null ? null : reading.ThreadLimit ?? 0);
            Add(UlimitsSoft, MetricType.Gauge, openFilesLimit, "max_open_files");
        }
        if (groups.Contains(SpecGroup))
        {
            // The limits the kubelet set, as cAdvisor shows them: 0 for no memory limit, CPU values only once set.
            var resources = ContainerStatusMapper.ResourcesOf(container, ContainerStatusMapper.Config(container)) ?? new LinuxContainerResources();
            Add(SpecCpuPeriod, MetricType.Gauge, Positive(resources.CpuPeriod));
            Add(SpecCpuShares, MetricType.Gauge, Positive(resources.CpuShares));
            Add(SpecCpuQuota, MetricType.Gauge, Positive(resources.CpuQuota));
            Add(SpecMemoryLimit, MetricType.Gauge, Positive(resources.MemoryLimitInBytes) ?? 0);
            Add(SpecMemorySwapLimit, MetricType.Gauge, Positive(resources.MemorySwapLimitInBytes) ?? 0);
        }
        return metrics;
    }

    private static ulong? Positive(long value) => value > 0 ? (ulong)value : null;

    /// <summary>The counters of the pod's own network namespace; none for a pod on the host's network, or whose infra process is gone.</summary>
    private static async Task<IEnumerable<Metric>> NetworkAsync(PodRecord pod, long timestamp, CancellationToken cancellationToken)
    {
        if (await NetworkDeviceCounters.OfPodAsync(pod, cancellationToken).ConfigureAwait(false) is not { } devices)
            return [];
        string[] labels = [pod.Id, PodName, ""];
        return devices.SelectMany(device => new[]
        {
            Metric(NetworkReceiveBytes, MetricType.Counter, device.ReceiveBytes, timestamp, labels, [device.Interface]),
            Metric(NetworkReceivePackets, MetricType.Counter, device.ReceivePackets, timestamp, labels, [device.Interface]),
            Metric(NetworkReceiveDropped, MetricType.Counter, device.ReceiveDropped, timestamp, labels, [device.Interface]),
            Metric(NetworkReceiveErrors, MetricType.Counter, device.ReceiveErrors, timestamp, labels, [device.Interface]),
            Metric(NetworkTransmitBytes, MetricType.Counter, device.TransmitBytes, timestamp, labels, [device.Interface]),
            Metric(NetworkTransmitPackets, MetricType.Counter, device.TransmitPackets, timestamp, labels, [device.Interface]),
            Metric(NetworkTransmitDropped, MetricType.Counter, device.TransmitDropped, timestamp, labels, [device.Interface]),
            Metric(NetworkTransmitErrors, MetricType.Counter, device.TransmitErrors, timestamp, labels, [device.Interface]),
        }).ToList();
    }

    private static Metric Metric(MetricDescriptor descriptor, MetricType type, ulong value, long timestamp, string[] labels, string[] extraLabels) => new()
    {
        Name = descriptor.Name,
        Timestamp = timestamp,
        MetricType = type,
        Value = new UInt64Value { Value = value },
        LabelValues = { labels, extraLabels },
    };
}
