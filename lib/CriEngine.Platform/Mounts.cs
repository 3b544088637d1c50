using System.Runtime.InteropServices;
using CriEngine.Platform.Native;

namespace CriEngine.Platform;

/// <summary>The mounts the engine makes itself: tmpfs (a pod's /dev/shm), bind mounts, overlays, and their removal.</summary>
public static class Mounts
{
    public const ulong ReadOnly = 0x1;
    public const ulong NoSuid = 0x2;
    public const ulong NoDev = 0x4;
    public const ulong NoExec = 0x8;
    public const ulong Remount = 0x20;
    public const ulong Bind = 0x1000;

    private const int DetachLazily = 0x2;
    private const int NotMounted = 22;
    private const int NoSuchEntry = 2;

    public static void Mount(string source, string target, string? fileSystemType, ulong flags, string? data)
    {
        if (MountCalls.Mount(source, target, fileSystemType, flags, data) != 0)
            throw new IOException($"mount {fileSystemType ?? "bind"} {source} on {target}: {Marshal.GetLastPInvokeErrorMessage()}{(data is null ? "" : $" (options {data})")}");
    }

    /// <summary>Unmounts lazily; a target that is not (or no longer) mounted is fine.</summary>
    public static void Unmount(string target)
    {
        if (MountCalls.Umount2(target, DetachLazily) == 0)
            return;
        var error = Marshal.GetLastPInvokeError();
        if (error is NotMounted or NoSuchEntry)
            return;
        throw new IOException($"umount {target}: {Marshal.GetPInvokeErrorMessage(error)}");
    }
}
