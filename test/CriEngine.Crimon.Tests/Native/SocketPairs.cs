using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace CriEngine.Crimon.Tests.Native;

/// <summary>A sync pipe for a monitor started by hand: a unix socket pair, the child's end inheritable, as the engine makes it.</summary>
internal static partial class SocketPairs
{
    public static (Socket Parent, int Child) Create()
    {
        Span<int> fds = stackalloc int[2];
        if (SocketPair(1, 1 | 0x80000, 0, ref fds[0]) != 0)
            throw new IOException("socketpair failed");
        // The child's end loses close-on-exec only now, for the next spawn.
        Fcntl(fds[1], 2, 0);
        return (new Socket(new SafeSocketHandle(fds[0], ownsHandle: true)), fds[1]);
    }

    public static void Close(int fd) => CloseDescriptor(fd);

    public static string ReadAll(Socket socket)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        socket.ReceiveTimeout = 5000;
        int read;
        while ((read = socket.Receive(buffer)) > 0)
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        return text.ToString();
    }

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static partial int SocketPair(int domain, int type, int protocol, ref int fds);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseDescriptor(int fd);
}
