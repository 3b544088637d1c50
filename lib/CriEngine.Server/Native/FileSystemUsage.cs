using System.Runtime.InteropServices;

namespace CriEngine.Server.Native;

/// <summary>The size and use of the file system a path is on, from statfs(2).</summary>
internal sealed partial record FileSystemUsage(ulong TotalBytes, ulong UsedBytes, ulong TotalInodes, ulong FreeInodes)
{
    // struct statfs is 120 bytes on 64-bit Linux, every field a 64-bit word: f_type, f_bsize,
    // f_blocks, f_bfree, f_bavail, f_files, f_ffree, ...
    private const int StatFsSize = 256;

    /// <summary>The usage of the file system of <paramref name="path"/>, or null when it cannot be read (gone, say).</summary>
    public static FileSystemUsage? Of(string path)
    {
        var buffer = new byte[StatFsSize];
        if (StatFs(path, buffer) != 0)
            return null;
        ulong Word(int index) => BitConverter.ToUInt64(buffer, index * 8);
        var blockSize = Word(1);
        var blocks = Word(2);
        var freeBlocks = Word(3);
        return new FileSystemUsage(blocks * blockSize, (blocks - freeBlocks) * blockSize, Word(5), Word(6));
    }

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatFs(string path, [Out] byte[] buffer);
}
