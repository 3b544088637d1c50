using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>
/// utimensat(2) with AT_SYMLINK_NOFOLLOW: nanosecond access and modification times of the
/// entry itself, a symbolic link included (.NET's setters follow links).
/// </summary>
internal static partial class FileTimes
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;

    /// <summary>Sets both times to <paramref name="seconds"/> and <paramref name="nanoseconds"/> since the epoch.</summary>
    public static unsafe void Set(string path, long seconds, long nanoseconds)
    {
        var times = stackalloc long[] { seconds, nanoseconds, seconds, nanoseconds };
        if (Utimensat(AtFdCwd, path, times, AtSymlinkNoFollow) != 0)
            throw NativeCallException.Last("utimensat", path);
    }

    [LibraryImport("libc", EntryPoint = "utimensat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Utimensat(int dirFd, string path, long* times, int flags);
}
