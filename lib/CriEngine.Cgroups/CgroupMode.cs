namespace CriEngine.Cgroups;

/// <summary>How the host mounts its cgroup file systems.</summary>
public enum CgroupMode
{
    /// <summary>cgroup v1 hierarchies only.</summary>
    Legacy,

    /// <summary>cgroup v1 hierarchies for the controllers, plus a cgroup2 mount without controllers (systemd's "hybrid").</summary>
    Hybrid,

    /// <summary>One cgroup2 hierarchy holding every controller.</summary>
    Unified,
}
