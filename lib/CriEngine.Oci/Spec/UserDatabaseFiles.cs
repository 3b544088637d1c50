using System.Text;
using CriEngine.Api;
using CriEngine.Oci.Native;

namespace CriEngine.Oci.Spec;

/// <summary>
/// Entries for a user and a group the image does not know (OpenShift's arbitrary uids), as CRI-O
/// adds them: a copy of the image's /etc/passwd with <c>name:x:uid:gid:name user:home:/sbin/nologin</c>
/// appended, and of its /etc/group with <c>gid:x:gid:</c>, written into the container's own
/// directory with the original's mode and owner and bind-mounted over the image's file. Nothing
/// is made when the image knows the id, has no such file (or an empty passwd), when a CRI mount
/// covers the file or /etc, or when the file is writable by group or others, or by the user
/// itself: such an image lets the container add its own entry (nss_wrapper style).
/// </summary>
internal static class UserDatabaseFiles
{
    private const int OwnerWrite = 0x80;
    private const int GroupOrOthersWrite = 0x12;
    private const int Permissions = 0x1FF;

    private static readonly IReadOnlyList<string> Options = ["rw", "bind", "nodev", "nosuid", "noexec"];

    /// <param name="home">The home directory of a generated entry: the process's HOME, else "/".</param>
    public static async Task<IReadOnlyList<OciMount>> WriteAsync(
        string rootfs, string directory, ResolvedUser user, string home, IEnumerable<Mount> requested, CancellationToken cancellationToken)
    {
        var covered = requested.Select(mount => mount.ContainerPath).ToHashSet(StringComparer.Ordinal);
        var wholeEtc = covered.Contains("/etc") || covered.Contains("/etc/");
        var mounts = new List<OciMount>();
        if (!wholeEtc && !covered.Contains("/etc/passwd"))
        {
            // The user as asked for names the entry; an id alone, as the restricted SCC gives, is its own name.
            var name = user.Requested.Length > 0 ? user.Requested : "default";
            var entry = $"{name}:x:{user.Uid}:{user.DatabaseGid}:{name} user:{home}:/sbin/nologin";
            var passwd = await AppendAsync(
                rootfs, directory, "passwd", entry, emptyIsMissing: true,
                lines => PasswdEntry.Parse(lines).Any(known => known.Uid == user.Uid),
                status => WritableByContainer(status, user.Uid, status.Uid), cancellationToken).ConfigureAwait(false);
            if (passwd is not null)
                mounts.Add(passwd);
        }
        if (!wholeEtc && !covered.Contains("/etc/group"))
        {
            var group = await AppendAsync(
                rootfs, directory, "group", $"{user.Gid}:x:{user.Gid}:", emptyIsMissing: false,
                lines => GroupEntry.Parse(lines).Any(known => known.Gid == user.Gid),
                status => WritableByContainer(status, user.Gid, status.Gid), cancellationToken).ConfigureAwait(false);
            if (group is not null)
                mounts.Add(group);
        }
        return mounts;
    }

    private static async Task<OciMount?> AppendAsync(
        string rootfs, string directory, string file, string entry, bool emptyIsMissing,
        Func<IEnumerable<string>, bool> knows, Func<FileStatus, bool> writable, CancellationToken cancellationToken)
    {
        var source = RootfsPath.Resolve(rootfs, "/etc/" + file);
        if (!File.Exists(source) || Statx.Get(source, followSymlinks: true) is not { } status)
            return null;
        var content = await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false);
        if ((content.Length == 0 && emptyIsMissing) || writable(status) || knows(Encoding.UTF8.GetString(content).Split('\n')))
            return null;

        // The image's last line may lack its newline: the entry must not be glued to it.
        var separator = content.Length > 0 && content[^1] != (byte)'\n' ? "\n" : "";
        var target = Path.Combine(directory, file);
        await File.WriteAllBytesAsync(target, [.. content, .. Encoding.UTF8.GetBytes(separator + entry + "\n")], cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(target, (UnixFileMode)(status.Mode & Permissions));
        Lchown.Set(target, status.Uid, status.Gid);
        return new OciMount { Destination = "/etc/" + file, Type = "bind", Source = target, Options = Options };
    }

    private static bool WritableByContainer(FileStatus status, uint id, uint owner) =>
        (status.Mode & GroupOrOthersWrite) != 0 || (id == owner && (status.Mode & OwnerWrite) != 0);
}
