using System.Runtime.InteropServices;

namespace CriEngine.Cgroups.Native;

/// <summary>
/// rmdir(2) with its errno: a cgroup directory is removed with rmdir even though it lists
/// control files, and the reason it refuses (EBUSY: processes inside, ENOTEMPTY: child
/// cgroups, ENOENT: already gone) decides whether to retry, succeed, or fail.
/// </summary>
internal static partial class Rmdir
{
    public const int NoSuchEntry = 2;
    public const int Busy = 16;
    public const int NotEmpty = 39;

    /// <summary>Returns 0 on success, else the errno.</summary>
    public static int Remove(string path) => RmdirNative(path) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    [LibraryImport("libc", EntryPoint = "rmdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RmdirNative(string path);
}
