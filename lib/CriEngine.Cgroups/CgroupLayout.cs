using CriEngine.Grpc;

namespace CriEngine.Cgroups;

/// <summary>
/// Where the host's cgroup file systems are: the v1 hierarchies with their controllers, the
/// cgroup2 mount, and so the mode. Read once from the mount table; tests build one over
/// fixture directories.
/// </summary>
public sealed class CgroupLayout
{
    /// <summary>The v1 controllers the kernel has (cgroups(7)); any other super option of a cgroup mount is a mount flag.</summary>
    private static readonly HashSet<string> V1Controllers =
    [
        "blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "hugetlb", "memory", "misc",
        "net_cls", "net_prio", "perf_event", "pids", "rdma", "debug",
    ];

    private CgroupLayout(CgroupMode mode, IReadOnlyList<CgroupHierarchy> v1Hierarchies, string? unifiedMountPoint)
    {
        Mode = mode;
        V1Hierarchies = v1Hierarchies;
        UnifiedMountPoint = unifiedMountPoint;
    }

    public CgroupMode Mode { get; }

    /// <summary>The v1 hierarchies (empty in unified mode), each once even if mounted twice.</summary>
    public IReadOnlyList<CgroupHierarchy> V1Hierarchies { get; }

    /// <summary>The cgroup2 mount: the whole tree in unified mode, the controller-less one in hybrid mode, null in legacy mode.</summary>
    public string? UnifiedMountPoint { get; }

    /// <summary>A cgroup v2 layout rooted at <paramref name="mountPoint"/> (<c>/sys/fs/cgroup</c> on a host).</summary>
    public static CgroupLayout Unified(string mountPoint) => new(CgroupMode.Unified, [], mountPoint);

    /// <summary>A cgroup v1 layout: hybrid when a cgroup2 mount is given too, legacy otherwise.</summary>
    public static CgroupLayout V1(IReadOnlyList<CgroupHierarchy> hierarchies, string? unifiedMountPoint = null) =>
        new(unifiedMountPoint is null ? CgroupMode.Legacy : CgroupMode.Hybrid, hierarchies, unifiedMountPoint);

    /// <summary>The layout of the mount namespace this process runs in.</summary>
    public static CgroupLayout Detect() => FromMountInfo(File.ReadAllText("/proc/self/mountinfo"));

    /// <summary>
    /// The layout a mountinfo text describes. Any v1 hierarchy bound to a controller makes the
    /// host v1 (controllers cannot be in both versions at once); otherwise a cgroup2 mount makes it unified.
    /// </summary>
    public static CgroupLayout FromMountInfo(string mountInfo)
    {
        var mounts = CgroupMount.Parse(mountInfo).ToList();
        var hierarchies = new List<CgroupHierarchy>();
        foreach (var mount in mounts.Where(m => m.FileSystemType == CgroupMount.V1Type))
        {
            var bound = mount.SuperOptions.Where(o => V1Controllers.Contains(o) || o.StartsWith("name=", StringComparison.Ordinal)).ToList();
            if (bound.Count > 0 && !hierarchies.Any(h => h.Controllers.SequenceEqual(bound)))
                hierarchies.Add(new CgroupHierarchy(mount.MountPoint, bound));
        }
        var unified = PreferredUnifiedMount(mounts.Where(m => m.FileSystemType == CgroupMount.V2Type).Select(m => m.MountPoint).ToList());
        if (hierarchies.Any(h => h.Controllers.Any(V1Controllers.Contains)))
            return V1(hierarchies, unified);
        if (unified is not null)
            return Unified(unified);
        throw new RpcException(StatusCode.FailedPrecondition, "cgroups: no cgroup or cgroup2 file system is mounted (/proc/self/mountinfo)");
    }

    /// <summary>Where the v1 hierarchy bound to <paramref name="controller"/> is mounted, or null.</summary>
    public string? V1MountOf(string controller) => V1Hierarchies.FirstOrDefault(h => h.Has(controller))?.MountPoint;

    /// <summary>
    /// Every hierarchy a cgroup is made in and a process is moved into: each v1 hierarchy, and
    /// the cgroup2 mount too in hybrid mode (as runc joins it), or the one cgroup2 tree.
    /// </summary>
    internal IEnumerable<string> MembershipRoots =>
        UnifiedMountPoint is null ? V1Hierarchies.Select(h => h.MountPoint) : V1Hierarchies.Select(h => h.MountPoint).Append(UnifiedMountPoint);

    private static string? PreferredUnifiedMount(List<string> mountPoints) =>
        mountPoints.FirstOrDefault(m => m == "/sys/fs/cgroup")
        ?? mountPoints.FirstOrDefault(m => m == "/sys/fs/cgroup/unified")
        ?? mountPoints.FirstOrDefault();
}
