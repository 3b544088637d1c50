using System.Runtime.InteropServices;

namespace CriEngine.Platform.Native;

/// <summary>socketpair(2): a connected pair of unix stream sockets, both close-on-exec.</summary>
internal static unsafe partial class SocketPair
{
    private const int Unix = 1;
    private const int Stream = 1;
    private const int CloseOnExec = 0x80000;

    public static (int First, int Second) Create()
    {
        var descriptors = stackalloc int[2];
        if (SocketPairNative(Unix, Stream | CloseOnExec, 0, descriptors) != 0)
            throw new IOException($"socketpair: {Marshal.GetLastPInvokeErrorMessage()}");
        return (descriptors[0], descriptors[1]);
    }

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static partial int SocketPairNative(int domain, int type, int protocol, int* descriptors);
}
