using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriEngine.Oci.Native;

/// <summary>Opening a FIFO for writing without blocking: .NET's open would wait forever for a reader that is gone.</summary>
internal static partial class Fifo
{
    private const int WriteOnly = 0x1;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int NoReader = 6;
    private const int NoSuchFile = 2;

    /// <summary>The FIFO opened for writing, or null when nobody has it open for reading (or it does not exist).</summary>
    public static SafeFileHandle? OpenWriterIfRead(string path)
    {
        var descriptor = Open(path, WriteOnly | NonBlocking | CloseOnExec);
        if (descriptor >= 0)
            return new SafeFileHandle(descriptor, ownsHandle: true);
        var error = Marshal.GetLastPInvokeError();
        if (error is NoReader or NoSuchFile)
            return null;
        throw new IOException($"open {path}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
