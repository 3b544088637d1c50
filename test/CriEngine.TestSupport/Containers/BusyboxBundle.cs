namespace CriEngine.TestSupport.Containers;

/// <summary>
/// An OCI bundle whose root filesystem is Debian's static busybox with its applets as symlinks,
/// a root user and group, and the mount points runc needs: enough for a container to run
/// shell commands without any image.
/// </summary>
public static class BusyboxBundle
{
    public const string Busybox = "/bin/busybox";

    public static readonly IReadOnlyList<string> Applets =
        ["sh", "echo", "cat", "sleep", "true", "false", "ls", "id", "kill", "head", "yes", "ps"];

    /// <summary>Makes <paramref name="bundleDirectory"/> with <c>rootfs/</c> and a <c>config.json</c> from <paramref name="config"/>; returns the directory.</summary>
    public static string Create(string bundleDirectory, TestOciConfig config)
    {
        var rootfs = Path.Combine(bundleDirectory, "rootfs");
        foreach (var directory in new[] { "bin", "etc", "proc", "dev", "sys", "tmp", "root" })
            Directory.CreateDirectory(Path.Combine(rootfs, directory));
        File.Copy(Busybox, Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in Applets)
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "group"), "root:x:0:\nnogroup:x:65534:\n");
        config.WriteTo(Path.Combine(bundleDirectory, "config.json"));
        return bundleDirectory;
    }
}
