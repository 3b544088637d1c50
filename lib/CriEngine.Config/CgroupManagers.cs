namespace CriEngine.Config;

/// <summary>The values of <c>cgroup_manager</c>.</summary>
public static class CgroupManagers
{
    public const string Systemd = "systemd";

    public const string Cgroupfs = "cgroupfs";
}
