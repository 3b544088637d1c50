namespace CriEngine.Cgroups;

/// <summary>
/// Where a pod's cgroups go. <see cref="Parent"/> is the CRI cgroup_parent (the kubelet's pod
/// cgroup, or the manager's default); the pod's own cgroup, its containers' and their monitors'
/// are side by side under it, as CRI-O lays them out. Record <see cref="Parent"/> in the pod's
/// state: the manager rebuilds the rest from it and the pod id.
/// </summary>
/// <param name="PodId">The pod sandbox id.</param>
/// <param name="Parent">The cgroup parent in the manager's own notation (a path for cgroupfs).</param>
/// <param name="Path">The pod's own cgroup (CRI-O's sandbox cgroup; the infra container's cgroupsPath).</param>
public sealed record PodCgroup(string PodId, string Parent, string Path);
