using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server.Pods;

/// <summary>
/// The pod-level limits of an UpdatePodSandboxResources: the kubelet sends the sum of the
/// containers' resources and the pod's overhead apart (it took the overhead out), and the pod's
/// cgroup holds both, as the kubelet's own pod cgroup does. Only amounts add up: a limit the
/// resources leave unset (0) or unlimited (-1) stays so, and cpusets, unified settings and
/// oom_score_adj belong to the resources alone.
/// </summary>
public static class PodResourceSum
{
    /// <summary>The CFS period the kernel and the kubelet use when none is given.</summary>
    private const long DefaultCpuPeriod = 100_000;

    /// <exception cref="RpcException">InvalidArgument naming the pod for an overhead that is not an amount, an oom_score_adj, a page size limited twice.</exception>
    public static LinuxContainerResources Of(UpdatePodSandboxResourcesRequest request, string subject)
    {
        var resources = request.Resources?.Clone() ?? new LinuxContainerResources();
        var overhead = request.Overhead ?? new LinuxContainerResources();
        if (overhead.CpusetCpus.Length > 0 || overhead.CpusetMems.Length > 0 || overhead.Unified.Count > 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: the overhead sets a cpuset or unified settings: only cpu, memory and hugepage amounts add to a pod's resources");
        if (resources.OomScoreAdj != 0 || overhead.OomScoreAdj != 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: oom_score_adj is a process's setting, not a pod cgroup's: give it to each container");
        if (resources.HugepageLimits.GroupBy(h => h.PageSize).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: hugepage size {twice.Key} is limited twice");
        if (resources.CpuShares > 0)
            resources.CpuShares += Math.Max(overhead.CpuShares, 0);
        if (resources.CpuQuota > 0 && overhead.CpuQuota > 0)
        {
            // A quota counts per its own period: the overhead's is scaled to the resources' period.
            var period = resources.CpuPeriod > 0 ? resources.CpuPeriod : DefaultCpuPeriod;
            var overheadPeriod = overhead.CpuPeriod > 0 ? overhead.CpuPeriod : DefaultCpuPeriod;
            resources.CpuQuota += (long)Math.Ceiling((double)overhead.CpuQuota * period / overheadPeriod);
        }
        if (resources.MemoryLimitInBytes > 0)
            resources.MemoryLimitInBytes += Math.Max(overhead.MemoryLimitInBytes, 0);
        if (resources.MemorySwapLimitInBytes > 0)
            resources.MemorySwapLimitInBytes += Math.Max(overhead.MemorySwapLimitInBytes, 0);
        foreach (var limit in resources.HugepageLimits)
            limit.Limit += overhead.HugepageLimits.Where(o => o.PageSize == limit.PageSize).Aggregate(0UL, (sum, o) => sum + o.Limit);
        return resources;
    }
}
