using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Cgroups;

/// <summary>
/// cgroup_manager = "cgroupfs": the engine makes cgroup directories itself, in every v1
/// hierarchy or in the v2 tree, with CRI-O's names: under the cgroup parent, the pod's cgroup
/// <c>crio-POD</c>, each container's <c>crio-CONTAINER</c> (made by the runtime) and, with
/// monitor cgroup "pod", each monitor's <c>crio-conmon-CONTAINER</c>.
/// </summary>
public sealed class CgroupfsManager : ICgroupManager
{
    /// <summary>CRI-O's parent when the CRI request gives none.</summary>
    public const string DefaultParent = "/crio";

    /// <summary>The monitor cgroup value that asks for a cgroup of the monitor's own beside the container's.</summary>
    public const string PodMonitorCgroup = "pod";

    private const string Prefix = "crio-";
    private const string MonitorPrefix = "crio-conmon-";

    private readonly CgroupTree _tree;
    private readonly CgroupStatsReader _stats;
    private readonly CgroupLimitWriter _limits;

    /// <param name="layout">The cgroup mounts to work in: <see cref="CgroupLayout.Detect"/> on a host, fixture directories in tests.</param>
    public CgroupfsManager(CgroupLayout layout, ILogger logger)
    {
        _tree = new CgroupTree(layout, logger);
        _stats = new CgroupStatsReader(layout);
        _limits = new CgroupLimitWriter(layout, logger);
    }

    public string Name => "cgroupfs";

    public PodCgroup PodCgroupFor(string podId, string cgroupParent)
    {
        CgroupPath.CheckName("pod id", podId);
        var parent = CgroupPath.NormalizeParent(cgroupParent, DefaultParent);
        return new PodCgroup(podId, parent, CgroupPath.Child(parent, Prefix + podId));
    }

    public Task CreatePodCgroupAsync(PodCgroup pod, CancellationToken cancellationToken = default) =>
        _tree.CreateAsync(pod.Path, cancellationToken);

    public string ContainerCgroupsPath(PodCgroup pod, string containerId)
    {
        CgroupPath.CheckName("container id", containerId);
        return CgroupPath.Child(pod.Parent, Prefix + containerId);
    }

    /// <summary>
    /// <paramref name="monitorCgroup"/> "pod": a cgroup of the monitor's own beside the
    /// container's; empty: the monitor stays in the daemon's cgroup, where it was started.
    /// </summary>
    public async Task<string?> MoveMonitorAsync(PodCgroup pod, string containerId, string monitorCgroup, int pid, CancellationToken cancellationToken = default)
    {
        switch (monitorCgroup)
        {
            case "":
                return null;
            case PodMonitorCgroup:
                var path = MonitorCgroupPath(pod, containerId);
                await _tree.CreateAsync(path, cancellationToken).ConfigureAwait(false);
                await _tree.JoinAsync(path, pid, cancellationToken).ConfigureAwait(false);
                return path;
            default:
                throw new RpcException(StatusCode.InvalidArgument,
                    $"container {containerId}: monitor cgroup \"{monitorCgroup}\": must be \"pod\" or empty with cgroup_manager \"cgroupfs\"");
        }
    }

    public async Task RemoveContainerCgroupsAsync(PodCgroup pod, string containerId, CancellationToken cancellationToken = default)
    {
        await _tree.RemoveAsync(ContainerCgroupsPath(pod, containerId), cancellationToken).ConfigureAwait(false);
        await _tree.RemoveAsync(MonitorCgroupPath(pod, containerId), cancellationToken).ConfigureAwait(false);
    }

    public async Task RemovePodCgroupsAsync(PodCgroup pod, IEnumerable<string> containerIds, CancellationToken cancellationToken = default)
    {
        foreach (var containerId in containerIds)
            await RemoveContainerCgroupsAsync(pod, containerId, cancellationToken).ConfigureAwait(false);
        await _tree.RemoveAsync(pod.Path, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdatePodResourcesAsync(PodCgroup pod, CgroupResources resources, CancellationToken cancellationToken = default)
    {
        if (pod.Parent is DefaultParent or "/")
            throw new RpcException(StatusCode.FailedPrecondition, $"pod {pod.PodId}: its cgroup parent {pod.Parent} is shared with other pods, not a pod cgroup of its own: pod-level resources cannot be set");
        await _limits.WriteAsync(pod.Parent, resources, $"pod {pod.PodId}", cancellationToken).ConfigureAwait(false);
    }

    public Task<CgroupStats> ReadContainerStatsAsync(PodCgroup pod, string containerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_stats.Read(ContainerCgroupsPath(pod, containerId)));

    public Task<CgroupStats> ReadPodStatsAsync(PodCgroup pod, CancellationToken cancellationToken = default) =>
        Task.FromResult(_stats.Read(pod.Parent));

    private static string MonitorCgroupPath(PodCgroup pod, string containerId)
    {
        CgroupPath.CheckName("container id", containerId);
        return CgroupPath.Child(pod.Parent, MonitorPrefix + containerId);
    }
}
