using System.Runtime.InteropServices;

namespace CriEngine.Oci.Native;

/// <summary>lchown(2): .NET has no way to change a file's owner.</summary>
internal static partial class Lchown
{
    public static void Set(string path, uint uid, uint gid)
    {
        if (Call(path, uid, gid) != 0)
            throw new IOException($"lchown {path}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Call(string path, uint uid, uint gid);
}
