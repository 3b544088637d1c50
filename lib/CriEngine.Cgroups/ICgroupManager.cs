namespace CriEngine.Cgroups;

/// <summary>
/// What the engine asks of a cgroup manager (cgroup_manager in crio.conf): where a pod's and
/// its containers' cgroups are, making and removing them, putting a container's monitor in
/// its cgroup, and reading usage. Every operation is idempotent.
/// </summary>
public interface ICgroupManager
{
    /// <summary>The cgroup_manager value this manager serves ("cgroupfs", "systemd").</summary>
    string Name { get; }

    /// <summary>
    /// The cgroups of pod <paramref name="podId"/> under the CRI <paramref name="cgroupParent"/>
    /// (empty: the manager's default). Computes only; an unusable parent is refused with
    /// InvalidArgument naming it.
    /// </summary>
    PodCgroup PodCgroupFor(string podId, string cgroupParent);

    /// <summary>Makes the pod's own cgroup, and its parent if missing.</summary>
    Task CreatePodCgroupAsync(PodCgroup pod, CancellationToken cancellationToken = default);

    /// <summary>The <c>linux.cgroupsPath</c> of the OCI spec for container <paramref name="containerId"/> of the pod (the runtime makes it).</summary>
    string ContainerCgroupsPath(PodCgroup pod, string containerId);

    /// <summary>
    /// Moves the monitor process <paramref name="pid"/> of container <paramref name="containerId"/>
    /// into the cgroup <paramref name="monitorCgroup"/> asks for (the handler's monitor cgroup as
    /// the configuration settles it). Returns the cgroup it now is in, or null when it stays in
    /// the daemon's own.
    /// </summary>
    Task<string?> MoveMonitorAsync(PodCgroup pod, string containerId, string monitorCgroup, int pid, CancellationToken cancellationToken = default);

    /// <summary>Removes the cgroups of container <paramref name="containerId"/> and of its monitor, children first.</summary>
    Task RemoveContainerCgroupsAsync(PodCgroup pod, string containerId, CancellationToken cancellationToken = default);

    /// <summary>Removes the cgroups of the given containers and their monitors, then the pod's own cgroup. The parent is left to its owner.</summary>
    Task RemovePodCgroupsAsync(PodCgroup pod, IEnumerable<string> containerIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets pod-level limits on the pod's cgroup parent, the kubelet's pod cgroup that holds
    /// every container of the pod: all of them or, when the host refuses one, none. A parent
    /// other pods share (the manager's default, or the root) is refused with FailedPrecondition.
    /// </summary>
    Task UpdatePodResourcesAsync(PodCgroup pod, CgroupResources resources, CancellationToken cancellationToken = default);

    /// <summary>Usage of container <paramref name="containerId"/>'s cgroup; NotFound if it does not exist.</summary>
    Task<CgroupStats> ReadContainerStatsAsync(PodCgroup pod, string containerId, CancellationToken cancellationToken = default);

    /// <summary>Usage of the whole pod: its cgroup parent, which holds every container of the pod (as CRI-O reads it).</summary>
    Task<CgroupStats> ReadPodStatsAsync(PodCgroup pod, CancellationToken cancellationToken = default);
}
