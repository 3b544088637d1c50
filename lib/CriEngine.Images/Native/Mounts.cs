using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>mount(2) and umount2(2), for container root filesystems.</summary>
internal static partial class Mounts
{
    private const int DetachLazily = 0x2;
    private const int NotMounted = 22;
    private const int NoSuchEntry = 2;

    public static void Overlay(string target, string options)
    {
        if (Mount("overlay", target, "overlay", 0, options) != 0)
            throw new IOException($"mount overlay on {target}: {Marshal.GetLastPInvokeErrorMessage()} (options {options})");
    }

    /// <summary>Unmounts; a target that is not (or no longer) mounted is fine.</summary>
    public static void Unmount(string target)
    {
        if (Umount2(target, DetachLazily) == 0)
            return;
        var error = Marshal.GetLastPInvokeError();
        if (error is NotMounted or NoSuchEntry)
            return;
        throw new IOException($"umount {target}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Mount(string source, string target, string fileSystemType, ulong flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Umount2(string target, int flags);
}
