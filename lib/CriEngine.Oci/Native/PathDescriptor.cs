using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriEngine.Oci.Native;

/// <summary>
/// A directory held open with O_PATH: <c>/proc/self/fd/N/NAME</c> then names a socket in it by a
/// short path, however long the directory's own path (a socket address holds 107 bytes).
/// </summary>
internal static partial class PathDescriptor
{
    private const int PathOnly = 0x200000;
    private const int Directory = 0x10000;
    private const int CloseOnExec = 0x80000;

    public static SafeFileHandle OpenDirectory(string path)
    {
        var descriptor = Open(path, PathOnly | Directory | CloseOnExec);
        if (descriptor < 0)
            throw new IOException($"open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        return new SafeFileHandle(descriptor, ownsHandle: true);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
