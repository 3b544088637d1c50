using CriEngine.Grpc;
using CriEngine.Oci.Native;

namespace CriEngine.Oci.Spec;

/// <summary>
/// Gives a container's root filesystem to its pod's user namespace: every file's owner and group
/// are moved into the pod's host range, so that root inside owns what root owned in the image.
/// This is containers/storage's way for a runtime without idmapped mounts: the rootfs is the
/// container's own overlay, so the image's layers stay as they are and the shifted copies land
/// in the container's upper layer, which goes with the container.
/// </summary>
internal static class RootfsOwnership
{
    private const UnixFileMode SetIdBits = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    public static void Shift(string rootfs, UserNamespaceMappings mappings, string subject, CancellationToken cancellationToken)
    {
        var directories = new Stack<string>();
        ShiftOne(rootfs, mappings, subject);
        directories.Push(rootfs);
        while (directories.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                if (ShiftOne(entry, mappings, subject) is { IsDirectory: true })
                    directories.Push(entry);
            }
        }
    }

    private static FileStatus? ShiftOne(string path, UserNamespaceMappings mappings, string subject)
    {
        var status = Statx.Get(path, followSymlinks: false);
        if (status is null)
            return null;
        var uid = UserNamespaceMappings.ToHost(mappings.Uid, status.Uid)
            ?? throw new RpcException(StatusCode.FailedPrecondition, $"{subject}: {path} belongs to uid {status.Uid}, outside the pod's user namespace ({mappings})");
        var gid = UserNamespaceMappings.ToHost(mappings.Gid, status.Gid)
            ?? throw new RpcException(StatusCode.FailedPrecondition, $"{subject}: {path} belongs to gid {status.Gid}, outside the pod's user namespace ({mappings})");
        Lchown.Set(path, uid, gid);
        // chown clears set-user-id and set-group-id on files, even as root: give them back.
        var mode = (UnixFileMode)status.Permissions;
        if (status.IsRegularFile && (mode & SetIdBits) != 0)
            File.SetUnixFileMode(path, mode);
        return status;
    }
}
