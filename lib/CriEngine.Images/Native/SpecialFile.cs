using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>mknod(2) for character and block devices and FIFOs, which .NET cannot create.</summary>
internal static partial class SpecialFile
{
    /// <summary>
    /// Creates the node with <paramref name="permissions"/> filtered by the umask, as mknod
    /// does; callers that need exact bits set them afterwards.
    /// </summary>
    public static void Create(string path, FileKind kind, UnixFileMode permissions, uint major, uint minor)
    {
        if (kind is not (FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Fifo))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "mknod makes devices and FIFOs only");
        if (Mknod(path, (uint)kind | (uint)permissions, DeviceNumber(major, minor)) != 0)
            throw NativeCallException.Last("mknod", path);
    }

    /// <summary>glibc's makedev: the 64-bit dev_t of a major and minor number.</summary>
    private static ulong DeviceNumber(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Mknod(string path, uint mode, ulong device);
}
