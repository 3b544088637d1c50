using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CriEngine.Network.Native;

/// <summary>
/// unshare(2) and setns(2) for the network namespace, which the kernel keeps per thread: these
/// change the calling thread only, so callers run them on a thread of their own.
/// </summary>
internal static partial class ThreadNamespaces
{
    private const int NewNetwork = 0x40000000; // CLONE_NEWNET
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC

    public static int CurrentThreadId() => GetTid();

    /// <summary>Moves the calling thread into a new, empty network namespace.</summary>
    public static void UnshareNetwork()
    {
        if (Unshare(NewNetwork) != 0)
            throw NativeCallException.Last("unshare(CLONE_NEWNET)");
    }

    /// <summary>Moves the calling thread into the network namespace that <paramref name="path"/> refers to.</summary>
    public static void EnterNetwork(string path)
    {
        using var handle = Open(path, ReadOnlyCloseOnExec);
        if (handle.IsInvalid)
            throw NativeCallException.Last("open");
        if (Setns(handle, NewNetwork) != 0)
            throw NativeCallException.Last("setns(CLONE_NEWNET)");
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int Setns(SafeFileHandle fd, int namespaceType);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial SafeFileHandle Open(string path, int flags);
}
