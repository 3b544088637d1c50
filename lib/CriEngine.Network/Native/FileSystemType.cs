using System.Runtime.InteropServices;

namespace CriEngine.Network.Native;

/// <summary>statfs(2)'s <c>f_type</c>: which file system a path is on.</summary>
internal static partial class FileSystemType
{
    /// <summary>NSFS_MAGIC: a namespace pinned on a file is a mount of nsfs.</summary>
    public const long NamespaceFileSystem = 0x6e736673;

    // struct statfs is 120 bytes on 64-bit Linux; f_type is its first field.
    private const int StatFsSize = 256;

    /// <summary>The file system type of <paramref name="path"/>, or null when it cannot be read (gone, say).</summary>
    public static long? Of(string path)
    {
        var buffer = new byte[StatFsSize];
        return StatFs(path, buffer) == 0 ? BitConverter.ToInt64(buffer, 0) : null;
    }

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatFs(string path, [Out] byte[] buffer);
}
