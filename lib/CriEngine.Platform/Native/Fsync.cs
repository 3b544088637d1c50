using System.Runtime.InteropServices;

namespace CriEngine.Platform.Native;

/// <summary>fsync(2) of a directory: .NET flushes files, and refuses to open a directory as one.</summary>
internal static partial class Fsync
{
    private const int ReadOnly = 0;
    private const int OpenDirectory = 0x10000;
    private const int CloseOnExec = 0x80000;

    public static void Directory(string path)
    {
        var fd = Open(path, ReadOnly | OpenDirectory | CloseOnExec);
        if (fd < 0)
            throw new IOException($"open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            if (FsyncNative(fd) != 0)
                throw new IOException($"fsync {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
