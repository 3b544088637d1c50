using System.Runtime.InteropServices;

namespace CriEngine.Oci.Native;

/// <summary>
/// statx(2): the only way to read a device node's major and minor numbers, and its buffer has
/// the same layout on every architecture (struct stat has not).
/// </summary>
internal static unsafe partial class Statx
{
    private const int CurrentDirectory = -100;
    private const int SymlinkNoFollow = 0x100;
    private const uint BasicStats = 0x7ff;
    private const int BufferSize = 256;
    private const int NoSuchEntry = 2;
    private const int NotADirectory = 20;

    /// <summary>The file's status, or null when nothing is at <paramref name="path"/>.</summary>
    public static FileStatus? Get(string path, bool followSymlinks)
    {
        var buffer = stackalloc byte[BufferSize];
        if (Call(CurrentDirectory, path, followSymlinks ? 0 : SymlinkNoFollow, BasicStats, buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is NoSuchEntry or NotADirectory)
                return null;
            throw new IOException($"statx {path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
        var fields = new ReadOnlySpan<byte>(buffer, BufferSize);
        return new FileStatus(
            Mode: MemoryMarshal.Read<ushort>(fields[28..]),
            Uid: MemoryMarshal.Read<uint>(fields[20..]),
            Gid: MemoryMarshal.Read<uint>(fields[24..]),
            RdevMajor: MemoryMarshal.Read<uint>(fields[128..]),
            RdevMinor: MemoryMarshal.Read<uint>(fields[132..]));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Call(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
