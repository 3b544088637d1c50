using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>
/// What lstat would say about a path: the entry itself, never a link's target. statx(2) is
/// used because its buffer has one layout on every architecture, unlike struct stat.
/// </summary>
internal readonly partial record struct FileStatus(
    FileKind Kind,
    UnixFileMode Mode,
    int Uid,
    int Gid,
    ulong Inode,
    uint LinkCount,
    long Size,
    uint DeviceMajor,
    uint DeviceMinor,
    long ModifiedSeconds,
    uint ModifiedNanoseconds)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint BasicStats = 0x7FF;
    private const int BufferSize = 256;
    private const int TypeMask = 0xF000;
    private const int PermissionMask = 0xFFF;

    public bool IsDirectory => Kind == FileKind.Directory;

    /// <summary>The status of <paramref name="path"/>, or null when nothing is there.</summary>
    public static unsafe FileStatus? Of(string path)
    {
        var buffer = stackalloc byte[BufferSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, BasicStats, buffer) != 0)
        {
            var error = NativeCallException.Last("statx", path);
            return error.Errno == NativeCallException.NoSuchFile ? null : throw error;
        }
        var mode = *(ushort*)(buffer + 28);
        return new FileStatus(
            Kind: (FileKind)(mode & TypeMask),
            Mode: (UnixFileMode)(mode & PermissionMask),
            Uid: *(int*)(buffer + 20),
            Gid: *(int*)(buffer + 24),
            Inode: *(ulong*)(buffer + 32),
            LinkCount: *(uint*)(buffer + 16),
            Size: *(long*)(buffer + 40),
            DeviceMajor: *(uint*)(buffer + 128),
            DeviceMinor: *(uint*)(buffer + 132),
            ModifiedSeconds: *(long*)(buffer + 112),
            ModifiedNanoseconds: *(uint*)(buffer + 120));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
