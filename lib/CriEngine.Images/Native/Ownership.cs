using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>lchown(2): the owner of the entry itself, a symbolic link included (.NET has no call for it).</summary>
internal static partial class Ownership
{
    public static void Set(string path, int uid, int gid)
    {
        if (Lchown(path, uid, gid) != 0)
            throw NativeCallException.Last("lchown", path);
    }

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Lchown(string path, int uid, int gid);
}
