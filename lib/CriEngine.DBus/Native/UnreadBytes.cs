using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CriEngine.DBus.Native;

/// <summary>ioctl(SIOCOUTQ) on a Unix stream socket: how many bytes sent on it the peer has not read yet.</summary>
internal static partial class UnreadBytes
{
    private const ulong SiocOutq = 0x5411;

    public static int Of(Socket socket)
    {
        if (Ioctl((int)socket.Handle, SiocOutq, out var unread) != 0)
            throw new IOException($"ioctl(SIOCOUTQ) on the D-Bus socket failed: {Marshal.GetLastPInvokeErrorMessage()}");
        return unread;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, out int value);
}
