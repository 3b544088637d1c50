using System.Runtime.InteropServices;

namespace CriEngine.Grpc.Native;

/// <summary>
/// The type of a file system entry, which .NET does not expose for sockets. statx(2) is used
/// because its buffer has one layout on every architecture, unlike struct stat.
/// </summary>
internal static partial class FileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int StatxSize = 256;
    private const int TypeMask = 0xF000;
    private const int SocketType = 0xC000;

    /// <summary>True when <paramref name="path"/> itself (not a link target) is a unix socket.</summary>
    public static unsafe bool IsSocket(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            return false;
        var mode = *(ushort*)(buffer + ModeOffset);
        return (mode & TypeMask) == SocketType;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
