using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// LinuxContainerResources as cgroup settings. A zero or empty CRI value means "not set" and is
/// left out; settings the node's cgroups cannot apply are left out as CRI-O does.
/// </summary>
internal static class ContainerResourcesSpec
{
    /// <summary>CRI-O's minimum for runc: below it the container cannot even start.</summary>
    public const long MinimumMemoryLimit = 12 * 1024 * 1024;

    public sealed record Result(OciMemory? Memory, OciCpu? Cpu, IReadOnlyList<OciHugepageLimit>? HugepageLimits, IReadOnlyDictionary<string, string>? Unified);

    public static Result Build(LinuxContainerResources? resources, CgroupSupport cgroups, string subject)
    {
        if (resources is null)
            return new Result(null, null, null, null);
        return new Result(
            Memory(resources, cgroups, subject),
            Cpu(resources),
            cgroups.HasHugetlb && resources.HugepageLimits.Count > 0
                ? resources.HugepageLimits.Select(limit => new OciHugepageLimit { PageSize = limit.PageSize, Limit = limit.Limit }).ToList()
                : null,
            cgroups.IsV2 && resources.Unified.Count > 0
                ? new SortedDictionary<string, string>(resources.Unified, StringComparer.Ordinal)
                : null);
    }

    private static OciMemory? Memory(LinuxContainerResources resources, CgroupSupport cgroups, string subject)
    {
        var limit = resources.MemoryLimitInBytes;
        var swap = resources.MemorySwapLimitInBytes;
        // A swap cap is memory.memsw.limit_in_bytes (v1) or memory.swap.max (v2): without swap
        // accounting there is nothing to write it to, and it would be dropped unseen. -1 is no cap.
        if (swap > 0 && !cgroups.HasMemorySwap)
            throw new RpcException(StatusCode.FailedPrecondition, $"{subject}: memory+swap limit {swap} cannot be applied: the node's cgroups do not account swap (cgroup v1 without memory.memsw, or v2 without memory.swap.max)");
        if (limit == 0)
        {
            return swap > 0
                ? throw new RpcException(StatusCode.InvalidArgument, $"{subject}: memory+swap limit {swap} without a memory limit")
                : null;
        }
        if (limit < MinimumMemoryLimit)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: memory limit {limit} is below the minimum of {MinimumMemoryLimit} bytes");
        if (swap > 0 && swap < limit)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: memory+swap limit {swap} is below the memory limit {limit}");
        // Without an explicit swap limit, memory+swap = memory: the container does not swap.
        return new OciMemory { Limit = limit, Swap = cgroups.HasMemorySwap ? (swap != 0 ? swap : limit) : null };
    }

    private static OciCpu? Cpu(LinuxContainerResources resources)
    {
        var cpu = new OciCpu
        {
            Shares = resources.CpuShares > 0 ? (ulong)resources.CpuShares : null,
            Quota = resources.CpuQuota != 0 ? resources.CpuQuota : null,
            Period = resources.CpuPeriod > 0 ? (ulong)resources.CpuPeriod : null,
            Cpus = resources.CpusetCpus.Length > 0 ? resources.CpusetCpus : null,
            Mems = resources.CpusetMems.Length > 0 ? resources.CpusetMems : null,
        };
        return cpu == new OciCpu() ? null : cpu;
    }
}
