namespace CriEngine.Cgroups;

/// <summary>
/// Limits for one cgroup, in the CRI's units (as runc's resources take them); null or empty
/// leaves a setting as it is. The manager writes each where the host's cgroups keep it: v1 or v2
/// files, and under systemd the unit's properties too.
/// </summary>
public sealed record CgroupResources
{
    /// <summary>v1 <c>cpu.shares</c> (2–262144); on v2 converted to <c>cpu.weight</c> as runc converts it.</summary>
    public ulong? CpuShares { get; init; }

    /// <summary>Microseconds per <see cref="CpuPeriod"/>; -1 is no limit.</summary>
    public long? CpuQuota { get; init; }

    /// <summary>Microseconds.</summary>
    public ulong? CpuPeriod { get; init; }

    /// <summary>Cpuset list syntax, e.g. "0-3,6".</summary>
    public string? CpusetCpus { get; init; }

    public string? CpusetMems { get; init; }

    /// <summary>Bytes.</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Memory plus swap in bytes (v1 <c>memory.memsw.limit_in_bytes</c>; v2 <c>memory.swap.max</c> gets the difference); -1 is no limit.</summary>
    public long? MemorySwap { get; init; }

    /// <summary>Bytes by page size ("2MB", "1GB").</summary>
    public IReadOnlyDictionary<string, ulong> HugepageLimits { get; init; } = new Dictionary<string, ulong>();

    /// <summary>cgroup v2 file name → value, written last, as runc writes them.</summary>
    public IReadOnlyDictionary<string, string> Unified { get; init; } = new Dictionary<string, string>();
}
