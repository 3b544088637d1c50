namespace CriEngine.Cgroups;

/// <summary>
/// A cgroup's memory as the kubelet reads it from the CRI, computed as containerd and CRI-O do.
/// </summary>
/// <param name="UsageBytes">All memory charged, page cache included (v1 memory.usage_in_bytes, v2 memory.current).</param>
/// <param name="WorkingSetBytes">Usage less the inactive file cache the kernel reclaims first (v1 total_inactive_file, v2 inactive_file), never below 0: what eviction looks at.</param>
/// <param name="RssBytes">Anonymous memory (v1 total_rss, v2 anon).</param>
/// <param name="PageFaults">Page faults (v1 total_pgfault, v2 pgfault).</param>
/// <param name="MajorPageFaults">Page faults that read from disk (v1 total_pgmajfault, v2 pgmajfault).</param>
/// <param name="LimitBytes">The memory limit, or null when there is none (v2 "max"; v1's page-rounded maximum).</param>
/// <param name="AvailableBytes">Limit less working set, or null when there is no limit.</param>
public sealed record CgroupMemoryStats(
    ulong UsageBytes,
    ulong WorkingSetBytes,
    ulong RssBytes,
    ulong PageFaults,
    ulong MajorPageFaults,
    ulong? LimitBytes,
    ulong? AvailableBytes)
{
    /// <summary>Page cache (v1 total_cache, v2 file).</summary>
    public ulong CacheBytes { get; init; }

    /// <summary>Memory-mapped files (v1 total_mapped_file, v2 file_mapped).</summary>
    public ulong MappedFileBytes { get; init; }

    /// <summary>Swap in use, or null when swap is not accounted (v1 total_swap, v2 memory.swap.current).</summary>
    public ulong? SwapBytes { get; init; }

    /// <summary>
    /// Swap the cgroup may still use, or null without a swap limit or swap accounting (v2 memory.swap.max
    /// less memory.swap.current; v1, as CRI-O reads it, memory.memsw.limit_in_bytes less memory.memsw.usage_in_bytes).
    /// </summary>
    public ulong? SwapAvailableBytes { get; init; }

    /// <summary>Kernel memory charged, or null when not accounted (v1 memory.kmem.usage_in_bytes, v2 memory.stat kernel from Linux 5.18).</summary>
    public ulong? KernelBytes { get; init; }

    /// <summary>The highest usage seen, or null when the kernel does not track it (v1 memory.max_usage_in_bytes, v2 memory.peak from Linux 5.19).</summary>
    public ulong? MaxUsageBytes { get; init; }

    /// <summary>How often usage hit the limit (v1 memory.failcnt, v2 memory.events max).</summary>
    public ulong? LimitHits { get; init; }
}
