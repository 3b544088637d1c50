using CriEngine.Api;
using CriEngine.Cgroups;
using CriEngine.Server.Metrics;
using CriEngine.Server.State;

namespace CriEngine.Server.Pods;

/// <summary>
/// CRI stats from the cgroups the runtime made (cumulative CPU, CPU rate in nanocores between
/// two readings, memory working set, RSS, page faults, swap, pressure where the kernel keeps it),
/// the container's writable layer, and the pod's network interfaces.
/// </summary>
public sealed class StatsCollector(Engine.Engine engine)
{
    private const string DefaultInterface = "eth0";

    public async Task<ContainerStats?> ContainerAsync(ContainerRecord container, CancellationToken cancellationToken)
    {
        var pod = engine.Pods.Find(container.PodId);
        if (pod is null)
            return null;
        var config = ContainerStatusMapper.Config(container);
        var stats = new ContainerStats
        {
            Attributes = new ContainerAttributes { Id = container.Id, Metadata = config.Metadata },
            WritableLayer = WritableLayer(container),
        };
        stats.Attributes.Labels.Add(config.Labels);
        stats.Attributes.Annotations.Add(config.Annotations);
        if (container.State is ContainerPhase.Running or ContainerPhase.Created
            && await ReadAsync(pod, container, cancellationToken).ConfigureAwait(false) is { } reading)
        {
            stats.Cpu = Cpu(container.Id, reading);
            stats.Memory = Memory(reading);
            stats.Swap = Swap(reading);
            stats.Io = Io(reading);
        }
        return stats;
    }

    /// <summary>The reading of the container's cgroup, or null when it has exited since its state was read: no cgroup, no usage.</summary>
    public async Task<CgroupStats?> ReadAsync(PodRecord pod, ContainerRecord container, CancellationToken cancellationToken)
    {
        var cgroups = engine.CgroupManager(pod);
        try
        {
            return await cgroups.ReadContainerStatsAsync(cgroups.PodCgroupFor(pod.Id, pod.CgroupParent), container.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Grpc.RpcException e) when (e.Code == Grpc.StatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<PodSandboxStats> PodAsync(PodRecord pod, CancellationToken cancellationToken)
    {
        var config = PodStatusMapper.Config(pod);
        var stats = new PodSandboxStats
        {
            Attributes = new PodSandboxAttributes { Id = pod.Id, Metadata = config.Metadata },
            Linux = new LinuxPodSandboxStats(),
        };
        stats.Attributes.Labels.Add(config.Labels);
        stats.Attributes.Annotations.Add(config.Annotations);
        if (pod.State == PodPhase.Ready)
        {
            var cgroups = engine.CgroupManager(pod);
            var reading = await cgroups.ReadPodStatsAsync(cgroups.PodCgroupFor(pod.Id, pod.CgroupParent), cancellationToken).ConfigureAwait(false);
            stats.Linux.Cpu = Cpu(pod.Id, reading);
            stats.Linux.Memory = Memory(reading);
            stats.Linux.Process = new ProcessUsage { Timestamp = reading.TimestampNanos, ProcessCount = reading.ProcessCount is { } count ? new UInt64Value { Value = count } : null };
            stats.Linux.Io = Io(reading);
            stats.Linux.Network = await NetworkAsync(pod, cancellationToken).ConfigureAwait(false);
        }
        foreach (var container in engine.Containers.All.Where(c => c.PodId == pod.Id && c.State == ContainerPhase.Running).ToList())
        {
            if (await ContainerAsync(container, cancellationToken).ConfigureAwait(false) is { } containerStats)
                stats.Linux.Containers.Add(containerStats);
        }
        return stats;
    }

    private CpuUsage? Cpu(string key, CgroupStats reading) =>
        reading.CpuUsageCoreNanoSeconds is { } total
            ? new CpuUsage
            {
                Timestamp = reading.TimestampNanos,
                UsageCoreNanoSeconds = new UInt64Value { Value = total },
                UsageNanoCores = engine.Cpu.Sample(key, reading) is { } rate ? new UInt64Value { Value = rate } : null,
                Psi = Psi(reading.CpuPressure),
            }
            : null;

    private static MemoryUsage? Memory(CgroupStats reading) =>
        reading.Memory is { } memory
            ? new MemoryUsage
            {
                Timestamp = reading.TimestampNanos,
                WorkingSetBytes = new UInt64Value { Value = memory.WorkingSetBytes },
                UsageBytes = new UInt64Value { Value = memory.UsageBytes },
                RssBytes = new UInt64Value { Value = memory.RssBytes },
                PageFaults = new UInt64Value { Value = memory.PageFaults },
                MajorPageFaults = new UInt64Value { Value = memory.MajorPageFaults },
                AvailableBytes = memory.AvailableBytes is { } available ? new UInt64Value { Value = available } : null,
                Psi = Psi(reading.MemoryPressure),
            }
            : null;

    // Only where the kernel accounts swap (v1 memsw, v2 memory.swap.current); what is left only
    // under a swap limit.
    private static SwapUsage? Swap(CgroupStats reading) =>
        reading.Memory?.SwapBytes is { } swap
            ? new SwapUsage
            {
                Timestamp = reading.TimestampNanos,
                SwapUsageBytes = new UInt64Value { Value = swap },
                SwapAvailableBytes = reading.Memory.SwapAvailableBytes is { } available ? new UInt64Value { Value = available } : null,
            }
            : null;

    // The CRI's IoUsage carries only pressure, so it is there only where the kernel keeps it (v2).
    private static IoUsage? Io(CgroupStats reading) =>
        reading.IoPressure is { } pressure ? new IoUsage { Timestamp = reading.TimestampNanos, Psi = Psi(pressure) } : null;

    private static PsiStats? Psi(CgroupPressure? pressure) =>
        pressure is null ? null : new PsiStats { Some = Psi(pressure.Some), Full = pressure.Full is { } full ? Psi(full) : null };

    private static PsiData Psi(CgroupPressureLine line) =>
        new() { Total = line.TotalNanoSeconds, Avg10 = line.Avg10, Avg60 = line.Avg60, Avg300 = line.Avg300 };

    /// <summary>
    /// The interfaces of the pod's network namespace, eth0 (the kubelet's default interface name)
    /// as the default one; null for a pod on the node's network, whose counters are the node's.
    /// </summary>
    private static async Task<NetworkUsage?> NetworkAsync(PodRecord pod, CancellationToken cancellationToken)
    {
        var timestamp = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        if (await NetworkDeviceCounters.OfPodAsync(pod, cancellationToken).ConfigureAwait(false) is not { } devices)
            return null;
        var usage = new NetworkUsage { Timestamp = timestamp };
        foreach (var device in devices)
        {
            var counters = new NetworkInterfaceUsage
            {
                Name = device.Interface,
                RxBytes = new UInt64Value { Value = device.ReceiveBytes },
                RxErrors = new UInt64Value { Value = device.ReceiveErrors },
                TxBytes = new UInt64Value { Value = device.TransmitBytes },
                TxErrors = new UInt64Value { Value = device.TransmitErrors },
            };
            if (device.Interface == DefaultInterface)
                usage.DefaultInterface = counters;
            else
                usage.Interfaces.Add(counters);
        }
        return usage;
    }

    /// <summary>What the container wrote: its overlay upper directory (or, with vfs, its whole copy).</summary>
    private FilesystemUsage WritableLayer(ContainerRecord container)
    {
        var directory = engine.Images.Paths.Container(container.Id);
        var upper = Path.Combine(directory, "upper");
        long bytes = 0, inodes = 0;
        var root = new DirectoryInfo(Directory.Exists(upper) ? upper : Path.Combine(directory, "merged"));
        if (root.Exists)
        {
            foreach (var entry in root.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
            {
                inodes++;
                if (entry is FileInfo file && file.LinkTarget is null)
                    bytes += file.Length;
            }
        }
        return new FilesystemUsage
        {
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
            FsId = new FilesystemIdentifier { Mountpoint = engine.Images.Paths.Root },
            UsedBytes = new UInt64Value { Value = (ulong)bytes },
            InodesUsed = new UInt64Value { Value = (ulong)inodes },
        };
    }
}
