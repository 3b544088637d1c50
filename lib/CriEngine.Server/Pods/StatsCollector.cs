using CriEngine.Api;
using CriEngine.Cgroups;
using CriEngine.Server.State;

namespace CriEngine.Server.Pods;

/// <summary>
/// CRI stats from the cgroups the runtime made (cumulative CPU, CPU rate in nanocores between
/// two readings, memory working set, RSS, page faults) and the container's writable layer.
/// </summary>
public sealed class StatsCollector(Engine.Engine engine)
{
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
            }
            : null;

    // Only where the kernel accounts swap (v1 memsw, v2 memory.swap.current); the swap left under
    // a limit is not read.
    private static SwapUsage? Swap(CgroupStats reading) =>
        reading.Memory?.SwapBytes is { } swap
            ? new SwapUsage { Timestamp = reading.TimestampNanos, SwapUsageBytes = new UInt64Value { Value = swap } }
            : null;

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
