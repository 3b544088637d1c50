namespace CriEngine.Oci.Spec;

/// <summary>
/// The kernel filesystems every container gets, with the options of runtime-tools' default spec
/// that CRI-O starts from, plus CRI-O's read-only cgroup mount. /dev/shm is not here: the pod's
/// shared one is bind-mounted instead.
/// </summary>
internal static class DefaultMounts
{
    public static IReadOnlyList<OciMount> For(bool privileged) => [.. Common, Sysfs(privileged), Cgroup(privileged)];

    /// <summary>
    /// The infra container's. In a privileged pod it mounts sysfs read-write: sysfs has one
    /// superblock per network namespace, and a first read-only mount would leave /sys read-only in
    /// the pod's privileged containers too (CRI-O's fix, cri-o#2627).
    /// </summary>
    public static IReadOnlyList<OciMount> ForSandbox(bool privilegedPod) => [.. Common, Sysfs(privilegedPod), Cgroup(privileged: false)];

    /// <summary>
    /// What read_only adds to every container, as CRI-O does: writable tmpfs where programs expect
    /// to write, filled with what the image has there (tmpcopyup, a runc and crun extension).
    /// </summary>
    public static IReadOnlyList<OciMount> ReadOnlyRootTmpfs { get; } =
    [
        Tmpfs("/run", "mode=0755"), Tmpfs("/tmp", "mode=1777"), Tmpfs("/var/tmp", "mode=1777"),
    ];

    private static IReadOnlyList<OciMount> Common { get; } =
    [
        new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
        new()
        {
            Destination = "/dev/pts", Type = "devpts", Source = "devpts",
            Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
        },
        new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
    ];

    // A privileged container sees the host's mounts appear under /sys (CRI-O's rslave).
    private static OciMount Sysfs(bool writable) => writable
        ? new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "rw", "rslave"] }
        : new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] };

    private static OciMount Cgroup(bool privileged) => privileged
        ? new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "noexec", "nodev", "rw", "relatime", "rslave"] }
        : new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "noexec", "nodev", "relatime", "ro"] };

    private static OciMount Tmpfs(string destination, string mode) =>
        new() { Destination = destination, Type = "tmpfs", Source = "tmpfs", Options = ["rw", "noexec", "nosuid", "nodev", "tmpcopyup", mode] };
}
