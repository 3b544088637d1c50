using CriEngine.Grpc;
using CriEngine.Oci.Native;

namespace CriEngine.Oci.Spec;

/// <summary>Creates directories the container expects in its root filesystem, resolved inside it.</summary>
internal static class RootfsDirectories
{
    private const UnixFileMode Mode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> and its missing parents in the rootfs; the ones created are
    /// given to <paramref name="owner"/> when set (CRI-O's MkdirAllAndChownNew for image volumes).
    /// </summary>
    public static void Create(string rootfs, string path, (uint Uid, uint Gid)? owner, string subject)
    {
        var target = RootfsPath.Resolve(rootfs, path);
        var missing = new Stack<string>();
        for (var current = target; !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            if (File.Exists(current))
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: {path} is not a directory in the image");
            missing.Push(current);
        }
        while (missing.TryPop(out var directory))
        {
            Directory.CreateDirectory(directory, Mode);
            if (owner is var (uid, gid))
                Lchown.Set(directory, uid, gid);
        }
    }
}
