using CriEngine.Oci.Native;

namespace CriEngine.Oci.Spec;

/// <summary>Every device node under the host's /dev, which a privileged container gets (moby's HostDevices).</summary>
internal static class HostDevices
{
    // Filesystems of their own that the container gets anyway, and tooling state.
    private static readonly HashSet<string> SkippedDirectories = ["pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev"];

    public static IReadOnlyList<(string Path, DeviceNode Node)> List(string directory = "/dev")
    {
        var found = new List<(string, DeviceNode)>();
        Walk(directory, found);
        return found;
    }

    private static void Walk(string directory, List<(string, DeviceNode)> found)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var status = Statx.Get(entry, followSymlinks: false);
            if (status is null)
                continue;
            if (status.IsDirectory)
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(entry)))
                    Walk(entry, found);
                continue;
            }
            // The host's console is not the container's; a 0:0 node is not a device.
            if (entry == "/dev/console" || DeviceNode.From(status) is not { } node || (node.Major == 0 && node.Minor == 0))
                continue;
            found.Add((entry, node));
        }
    }
}
