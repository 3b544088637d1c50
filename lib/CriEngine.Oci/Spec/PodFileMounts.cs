namespace CriEngine.Oci.Spec;

/// <summary>The bind mounts of the pod's shared files, with CRI-O's options.</summary>
internal static class PodFileMounts
{
    /// <summary>The infra container's: shm, and resolv.conf and hostname read-only.</summary>
    public static IReadOnlyList<OciMount> ForSandbox(SandboxFiles files) =>
    [
        Shm(files),
        Bind("/etc/resolv.conf", files.ResolvConfPath, ["ro", "bind", "nodev", "nosuid", "noexec"]),
        Bind("/etc/hostname", files.HostnamePath, ["ro", "bind", "nodev", "nosuid", "noexec"]),
    ];

    /// <summary>A container's: shm, resolv.conf, hostname and hosts read-only only with a read-only rootfs, and /run/.containerenv.</summary>
    public static IReadOnlyList<OciMount> ForContainer(SandboxFiles files, bool readonlyRootfs)
    {
        var access = readonlyRootfs ? "ro" : "rw";
        var mounts = new List<OciMount>
        {
            Shm(files),
            Bind("/etc/resolv.conf", files.ResolvConfPath, [access, "bind", "nodev", "nosuid", "noexec"]),
            Bind("/etc/hostname", files.HostnamePath, [access, "bind"]),
        };
        if (files.HostsPath is { } hosts)
            mounts.Add(Bind("/etc/hosts", hosts, [access, "bind"]));
        // Read-only whatever the rootfs: CRI-O mounts the pod's one file writable, so any container
        // could fill it on the host or change what the pod's other containers read.
        if (files.ContainerEnvPath is { } containerEnv)
            mounts.Add(Bind(ContainerEnvFile.Destination, containerEnv, ["ro", "bind", "nodev", "nosuid", "noexec"]));
        return mounts;
    }

    private static OciMount Shm(SandboxFiles files) => Bind("/dev/shm", files.ShmPath, ["rw", "bind"]);

    private static OciMount Bind(string destination, string source, IReadOnlyList<string> options) =>
        new() { Destination = destination, Type = "bind", Source = source, Options = options };
}
