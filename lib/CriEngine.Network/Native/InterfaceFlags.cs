using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace CriEngine.Network.Native;

/// <summary>
/// SIOCGIFFLAGS/SIOCSIFFLAGS on an interface of the calling thread's network namespace: a socket
/// belongs to the namespace it was created in, so the caller's thread decides which one.
/// </summary>
internal static unsafe partial class InterfaceFlags
{
    private const nuint GetFlags = 0x8913; // SIOCGIFFLAGS
    private const nuint SetFlags = 0x8914; // SIOCSIFFLAGS
    private const short Up = 0x1; // IFF_UP
    private const int NameSize = 16; // IFNAMSIZ

    /// <summary>struct ifreq: the name, then a 24-byte union of which ifr_flags is the first short (same on x86_64 and arm64).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    private struct InterfaceRequest
    {
        [FieldOffset(0)] public fixed byte Name[NameSize];
        [FieldOffset(NameSize)] public short Flags;
    }

    public static void BringUp(string interfaceName)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var request = new InterfaceRequest();
        var name = Encoding.ASCII.GetBytes(interfaceName);
        if (name.Length >= NameSize)
            throw new ArgumentException($"interface name {interfaceName} is longer than {NameSize - 1} bytes", nameof(interfaceName));
        name.CopyTo(new Span<byte>(request.Name, NameSize));

        if (Ioctl(socket.SafeHandle, GetFlags, &request) != 0)
            throw NativeCallException.Last($"ioctl({interfaceName}, SIOCGIFFLAGS)");
        if ((request.Flags & Up) != 0)
            return;
        request.Flags |= Up;
        if (Ioctl(socket.SafeHandle, SetFlags, &request) != 0)
            throw NativeCallException.Last($"ioctl({interfaceName}, SIOCSIFFLAGS)");
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(SafeSocketHandle fd, nuint request, InterfaceRequest* argument);
}
