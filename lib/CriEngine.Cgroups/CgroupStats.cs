namespace CriEngine.Cgroups;

/// <summary>
/// One reading of a cgroup's usage, in the units of the CRI's ContainerStats. A part is null
/// when its controller is not there for this cgroup (not mounted, or not enabled in v2).
/// </summary>
/// <param name="TimestampNanos">When it was read, in nanoseconds since the Unix epoch.</param>
/// <param name="CpuUsageCoreNanoSeconds">CPU time used since the cgroup was made, all cores summed (v1 cpuacct.usage, v2 cpu.stat usage_usec).</param>
/// <param name="Memory">Memory usage (the memory controller).</param>
/// <param name="ProcessCount">Processes and threads in the cgroup (pids.current).</param>
public sealed record CgroupStats(long TimestampNanos, ulong? CpuUsageCoreNanoSeconds, CgroupMemoryStats? Memory, ulong? ProcessCount)
{
    /// <summary>CPU time by mode and CFS throttling.</summary>
    public CgroupCpuDetail? Cpu { get; init; }

    /// <summary>Processes the kernel's OOM killer killed in the cgroup (v1 memory.oom_control oom_kill, v2 memory.events oom_kill).</summary>
    public ulong? OomKills { get; init; }

    /// <summary>Threads in the cgroup (v1 the pids hierarchy's tasks, v2 cgroup.threads).</summary>
    public ulong? ThreadCount { get; init; }

    /// <summary>The most tasks the cgroup may hold (pids.max); null for none ("max") or no pids controller.</summary>
    public ulong? ThreadLimit { get; init; }

    /// <summary>CPU pressure (v2 cpu.pressure); null on v1, which has none, or where the kernel keeps no pressure information.</summary>
    public CgroupPressure? CpuPressure { get; init; }

    /// <summary>Memory pressure (v2 memory.pressure); null as <see cref="CpuPressure"/>.</summary>
    public CgroupPressure? MemoryPressure { get; init; }

    /// <summary>I/O pressure (v2 io.pressure); null as <see cref="CpuPressure"/>.</summary>
    public CgroupPressure? IoPressure { get; init; }

    /// <summary>The processes in the cgroup (cgroup.procs), for what only /proc tells of them (open files).</summary>
    public IReadOnlyList<int> ProcessIds { get; init; } = [];
}
