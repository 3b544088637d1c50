namespace CriEngine.Cgroups;

/// <summary>
/// One mounted cgroup v1 hierarchy: where it is mounted and what it is bound to, e.g.
/// <c>/sys/fs/cgroup/memory</c> with <c>memory</c>, or <c>/sys/fs/cgroup/systemd</c> with
/// <c>name=systemd</c> (a named hierarchy without a controller).
/// </summary>
public sealed record CgroupHierarchy(string MountPoint, IReadOnlyList<string> Controllers)
{
    public bool Has(string controller) => Controllers.Contains(controller, StringComparer.Ordinal);
}
