using System.Runtime.InteropServices;

namespace CriEngine.Network.Native;

/// <summary>mount(2) with MS_BIND and umount2(2), to pin a namespace on a file and release it.</summary>
internal static partial class Mounts
{
    private const ulong Bind = 0x1000; // MS_BIND
    private const int DetachLazily = 0x2; // MNT_DETACH
    private const int NotMounted = 22; // EINVAL

    public static void BindMount(string source, string target)
    {
        if (Mount(source, target, null, Bind, null) != 0)
            throw NativeCallException.Last($"mount {source} (MS_BIND)");
    }

    /// <summary>Unmounts <paramref name="target"/>; one that is not mounted, or not there, is fine.</summary>
    public static void Unmount(string target)
    {
        if (Umount2(target, DetachLazily) == 0)
            return;
        var error = Marshal.GetLastPInvokeError();
        if (error is NotMounted or NativeCallException.NoSuchFile)
            return;
        throw new NativeCallException("umount2(MNT_DETACH)", error);
    }

    [LibraryImport("libc", EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Mount(string source, string target, string? fileSystemType, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Umount2(string target, int flags);
}
