using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriEngine.Platform.Native;

/// <summary>A pseudo-terminal's master side, with the path of its slave: posix_openpt(3) and friends, TIOCSWINSZ.</summary>
internal static unsafe partial class Pseudoterminal
{
    private const int ReadWrite = 2;
    private const int NoControllingTerminal = 0x100;
    private const int CloseOnExec = 0x80000;
    private const ulong SetWindowSize = 0x5414;

    public static (SafeFileHandle Master, string SlavePath) Open()
    {
        var master = OpenMaster(ReadWrite | NoControllingTerminal | CloseOnExec);
        if (master < 0)
            throw new IOException($"posix_openpt: {Marshal.GetLastPInvokeErrorMessage()}");
        var handle = new SafeFileHandle(master, ownsHandle: true);
        try
        {
            if (Grant(master) != 0 || Unlock(master) != 0)
                throw new IOException($"grantpt/unlockpt: {Marshal.GetLastPInvokeErrorMessage()}");
            var name = stackalloc byte[128];
            var error = SlaveName(master, name, 128);
            if (error != 0)
                throw new IOException($"ptsname_r: {Marshal.GetPInvokeErrorMessage(error)}");
            return (handle, Marshal.PtrToStringUTF8((nint)name)!);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sets the terminal's size; the kernel signals SIGWINCH to its foreground process group.</summary>
    public static void Resize(SafeFileHandle master, ushort columns, ushort rows)
    {
        var size = stackalloc ushort[4] { rows, columns, 0, 0 };
        if (Ioctl((int)master.DangerousGetHandle(), SetWindowSize, size) != 0)
            throw new IOException($"TIOCSWINSZ: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int OpenMaster(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int Grant(int master);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int Unlock(int master);

    [LibraryImport("libc", EntryPoint = "ptsname_r")]
    private static partial int SlaveName(int master, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int descriptor, ulong request, void* argument);
}
