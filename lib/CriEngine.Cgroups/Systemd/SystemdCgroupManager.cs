using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Cgroups.Systemd;

/// <summary>
/// cgroup_manager = "systemd", as CRI-O and runc use it: the cgroup parent is a slice
/// (<c>kubepods-burstable-pod123.slice</c>); each container, the infra container included, runs
/// in a scope <c>crio-ID.scope</c> in that slice that the runtime starts itself through its
/// systemd driver (<c>linux.cgroupsPath</c> <c>SLICE:crio:ID</c>); each monitor is put by the
/// engine into a scope <c>crio-conmon-ID.scope</c> in the monitor cgroup's slice. systemd makes
/// and removes the cgroups: the engine starts and stops units, and reads usage from the cgroups
/// they got.
/// </summary>
public sealed partial class SystemdCgroupManager : ICgroupManager
{
    /// <summary>CRI-O's parent when the CRI request gives none.</summary>
    public const string DefaultParent = "system.slice";

    /// <summary>The monitor cgroup value that puts the monitor's scope in the pod's own slice.</summary>
    public const string PodMonitorCgroup = "pod";

    /// <summary>The prefix of the runtime's scopes (<c>crio-ID.scope</c>) and so of <c>linux.cgroupsPath</c>'s middle part.</summary>
    public const string ScopePrefix = "crio";

    private const string MonitorScopePrefix = "crio-conmon-";

    /// <summary>SIGPIPE, which conmon ignores: when systemd stops the monitor's scope (node shutdown) the monitor waits for its container instead of passing a SIGTERM on.</summary>
    private const int MonitorKillSignal = 13;

    private readonly SystemdManager _systemd;
    /// <summary>systemd's CFS period when a unit sets none.</summary>
    private const ulong DefaultCpuPeriod = 100_000;

    private readonly CgroupStatsReader _stats;
    private readonly CgroupLimitWriter _limits;
    private readonly bool _unified;
    private readonly ILogger _logger;

    /// <param name="layout">The cgroup mounts systemd manages, as this process sees them: <see cref="CgroupLayout.Detect"/> on a host, fixture directories in tests.</param>
    /// <param name="systemd">systemd's manager on the system bus.</param>
    public SystemdCgroupManager(CgroupLayout layout, SystemdManager systemd, ILogger logger)
    {
        _systemd = systemd;
        _stats = new CgroupStatsReader(layout);
        _limits = new CgroupLimitWriter(layout, logger);
        _unified = layout.Mode == CgroupMode.Unified;
        _logger = logger;
    }

    public string Name => "systemd";

    /// <summary>
    /// The pod's slice is <paramref name="cgroupParent"/>: a slice name, or that slice's expanded
    /// path as the kubelet's systemd driver may give it; its own cgroup is the infra container's
    /// scope. Anything else is the mark of a kubelet running the cgroupfs driver: refused, as CRI-O refuses it.
    /// </summary>
    public PodCgroup PodCgroupFor(string podId, string cgroupParent)
    {
        CgroupPath.CheckName("pod id", podId);
        var slice = SliceOf(cgroupParent);
        return new PodCgroup(podId, slice, ScopePath(slice, ScopeName(podId)));
    }

    /// <summary>Nothing to make: systemd makes the pod's slice (and the slices above it) when the first scope in it starts.</summary>
    public Task CreatePodCgroupAsync(PodCgroup pod, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>runc's systemd notation, <c>SLICE:PREFIX:NAME</c>: the runtime starts <c>crio-ID.scope</c> in the pod's slice.</summary>
    public string ContainerCgroupsPath(PodCgroup pod, string containerId)
    {
        CgroupPath.CheckName("container id", containerId);
        return $"{pod.Parent}:{ScopePrefix}:{containerId}";
    }

    /// <summary>
    /// Starts <c>crio-conmon-ID.scope</c> holding <paramref name="pid"/>, in the pod's slice for
    /// <paramref name="monitorCgroup"/> "pod", else in the slice it names, and waits for systemd
    /// to have started it. The PID must be one in systemd's pid namespace.
    /// </summary>
    public async Task<string?> MoveMonitorAsync(PodCgroup pod, string containerId, string monitorCgroup, int pid, CancellationToken cancellationToken = default)
    {
        CgroupPath.CheckName("container id", containerId);
        var slice = monitorCgroup switch
        {
            PodMonitorCgroup => pod.Parent,
            _ when monitorCgroup.EndsWith(".slice", StringComparison.Ordinal) && !monitorCgroup.Contains('/') => monitorCgroup,
            _ => throw new RpcException(StatusCode.InvalidArgument,
                $"container {containerId}: monitor cgroup \"{monitorCgroup}\": must be \"pod\" or a systemd slice (ending in \".slice\") with cgroup_manager \"systemd\""),
        };
        var unit = MonitorScopeName(containerId);
        var path = ScopePath(slice, unit);
        await _systemd.StartTransientUnitAsync(unit, "replace",
        [
            SystemdUnitProperty.Description($"criengine monitor of container {containerId}"),
            SystemdUnitProperty.Slice(slice),
            SystemdUnitProperty.Pids(checked((uint)pid)),
            SystemdUnitProperty.Delegate(true),
            SystemdUnitProperty.DefaultDependencies(false),
            SystemdUnitProperty.KillSignal(MonitorKillSignal),
        ], cancellationToken).ConfigureAwait(false);
        LogMonitorPlaced(unit, pid, path);
        return path;
    }

    /// <summary>
    /// Stops the container's scope and its monitor's. Usually both are gone already: runc stops
    /// its scope on delete, and systemd drops a scope whose last process has exited.
    /// </summary>
    public async Task RemoveContainerCgroupsAsync(PodCgroup pod, string containerId, CancellationToken cancellationToken = default)
    {
        CgroupPath.CheckName("container id", containerId);
        await _systemd.StopUnitAsync(ScopeName(containerId), cancellationToken: cancellationToken).ConfigureAwait(false);
        await _systemd.StopUnitAsync(MonitorScopeName(containerId), cancellationToken: cancellationToken).ConfigureAwait(false);
        LogStopped(containerId);
    }

    /// <summary>Stops every container's scopes, the infra container's among them. The pod's slice is the kubelet's.</summary>
    public async Task RemovePodCgroupsAsync(PodCgroup pod, IEnumerable<string> containerIds, CancellationToken cancellationToken = default)
    {
        foreach (var containerId in containerIds.Append(pod.PodId).Distinct(StringComparer.Ordinal))
            await RemoveContainerCgroupsAsync(pod, containerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The pod's slice gets the limits twice, as runc gives them to a unit: in its cgroup files,
    /// where the kernel refuses what it cannot apply, then as the slice's properties, so that
    /// systemd, which writes a unit's cgroup again whenever it likes, keeps them. The quota per
    /// second is rounded up, so that systemd's quota (per second × period) is the one asked for.
    /// </summary>
    public async Task UpdatePodResourcesAsync(PodCgroup pod, CgroupResources resources, CancellationToken cancellationToken = default)
    {
        if (pod.Parent is DefaultParent or "-.slice")
            throw new RpcException(StatusCode.FailedPrecondition, $"pod {pod.PodId}: its cgroup parent {pod.Parent} is shared with other pods, not a pod slice of its own: pod-level resources cannot be set");
        var undo = await _limits.WriteAsync(SystemdUnitName.ExpandSlice(pod.Parent), resources, $"pod {pod.PodId}", cancellationToken).ConfigureAwait(false);
        var properties = UnitProperties(resources);
        if (properties.Count == 0)
            return;
        try
        {
            await _systemd.SetUnitPropertiesAsync(pod.Parent, runtime: true, properties, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await undo().ConfigureAwait(false);
            throw;
        }
        LogLimitsSet(pod.Parent, string.Join(", ", properties));
    }

    public Task<CgroupStats> ReadContainerStatsAsync(PodCgroup pod, string containerId, CancellationToken cancellationToken = default)
    {
        CgroupPath.CheckName("container id", containerId);
        return Task.FromResult(_stats.Read(ScopePath(pod.Parent, ScopeName(containerId))));
    }

    public Task<CgroupStats> ReadPodStatsAsync(PodCgroup pod, CancellationToken cancellationToken = default) =>
        Task.FromResult(_stats.Read(SystemdUnitName.ExpandSlice(pod.Parent)));

    /// <summary>The scope the runtime starts for container <paramref name="containerId"/>.</summary>
    public static string ScopeName(string containerId) => $"{ScopePrefix}-{containerId}.scope";

    /// <summary>The scope the engine starts for the monitor of container <paramref name="containerId"/>.</summary>
    public static string MonitorScopeName(string containerId) => $"{MonitorScopePrefix}{containerId}.scope";

    /// <summary>
    /// The slice a CRI cgroup_parent names: empty is <see cref="DefaultParent"/>; a slice name
    /// is itself; an expanded path (<c>/kubepods.slice/kubepods-besteffort.slice</c>) is its last
    /// element, if that slice expands to exactly this path.
    /// </summary>
    private static string SliceOf(string cgroupParent)
    {
        if (cgroupParent == "")
            return DefaultParent;
        var trimmed = cgroupParent.TrimEnd('/');
        var last = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (!last.EndsWith(".slice", StringComparison.Ordinal) || cgroupParent.Any(char.IsControl))
            throw DriverMismatch(cgroupParent);
        string expanded;
        try
        {
            expanded = SystemdUnitName.ExpandSlice(last);
        }
        catch (RpcException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"cgroup parent \"{cgroupParent}\": {e.Message}", e);
        }
        if (trimmed.Contains('/') && "/" + string.Join('/', trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries)) != expanded)
            throw new RpcException(StatusCode.InvalidArgument,
                $"cgroup parent \"{cgroupParent}\": slice {last} is at {expanded}, not at this path");
        return last;
    }

    private List<SystemdUnitProperty> UnitProperties(CgroupResources r)
    {
        var properties = new List<SystemdUnitProperty>();
        if (r.CpuShares is { } shares)
            properties.Add(_unified ? SystemdUnitProperty.CpuWeight(CgroupLimitWriter.CpuWeight(shares)) : SystemdUnitProperty.CpuShares(shares));
        if (r.CpuQuota is { } quota)
        {
            var period = r.CpuPeriod ?? DefaultCpuPeriod;
            properties.Add(SystemdUnitProperty.CpuQuotaPerSecUSec(quota < 0 ? ulong.MaxValue : ((ulong)quota * 1_000_000 + period - 1) / period));
        }
        if (r.CpuPeriod is { } cfsPeriod)
            properties.Add(SystemdUnitProperty.CpuQuotaPeriodUSec(cfsPeriod));
        if (r.MemoryLimit is { } memory)
            properties.Add(_unified ? SystemdUnitProperty.MemoryMax((ulong)memory) : SystemdUnitProperty.MemoryLimit((ulong)memory));
        if (!_unified)
            return properties;
        // systemd keeps cpusets and swap only on cgroup v2; on v1 the files alone hold them.
        if (r.MemorySwap is { } swap && r.MemoryLimit is { } limit)
            properties.Add(SystemdUnitProperty.MemorySwapMax(swap < 0 ? ulong.MaxValue : (ulong)Math.Max(swap - limit, 0)));
        if (r.CpusetCpus is { } cpus)
            properties.Add(SystemdUnitProperty.AllowedCpus(CpusetList.ToMask(CpusetList.Parse(cpus, "cpuset cpus"))));
        if (r.CpusetMems is { } mems)
            properties.Add(SystemdUnitProperty.AllowedMemoryNodes(CpusetList.ToMask(CpusetList.Parse(mems, "cpuset mems"))));
        return properties;
    }

    private static string ScopePath(string slice, string unit) => CgroupPath.Child(SystemdUnitName.ExpandSlice(slice), unit);

    private static RpcException DriverMismatch(string cgroupParent) =>
        new(StatusCode.InvalidArgument,
            $"cgroup parent \"{cgroupParent}\": not a systemd slice, but cgroup_manager is \"systemd\" " +
            "(cri-o configured with systemd cgroup manager, but did not receive slice as parent): " +
            "the kubelet's cgroup driver and the runtime's do not match; set the kubelet's cgroupDriver to \"systemd\" or cgroup_manager to \"cgroupfs\"");

    [LoggerMessage(Level = LogLevel.Debug, Message = "systemd: {Unit} started with monitor pid {Pid} in {Path}")]
    private partial void LogMonitorPlaced(string unit, int pid, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd: {Slice} set to {Properties}")]
    private partial void LogLimitsSet(string slice, string properties);

    [LoggerMessage(Level = LogLevel.Debug, Message = "systemd: scopes of container {Container} stopped")]
    private partial void LogStopped(string container);
}
