using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// The socket a runtime sends a container's terminal to (<c>--console-socket</c>): a unix stream
/// socket under the temporary directory; the runtime connects once and passes the pty master
/// with SCM_RIGHTS. The terminal is set to map NL to CR-NL on output, as the kubelet expects.
/// </summary>
internal sealed unsafe class ConsoleSocket : IDisposable
{
    private int _fd;

    private ConsoleSocket(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    public int Fd => _fd;

    public static ConsoleSocket Listen()
    {
        var directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        var path = System.IO.Path.Combine(directory, $"conmon-term.{Guid.NewGuid().ToString("N")[..6]}");
        var fd = Libc.Socket(Constants.AfUnix, Constants.SockStream | Constants.SockCloseOnExec, 0);
        if (fd < 0)
            throw new MonitorExitException($"Failed to create socket: {Errors.Describe(Libc.Errno)}");
        Libc.Fchmod(fd, 0b111_000_000);
        var address = SocketAddress.Unix(path);
        fixed (byte* pointer = address)
        {
            if (Libc.Bind(fd, pointer, (uint)address.Length) != 0)
                throw new MonitorExitException($"Failed to bind to console-socket {path}: {Errors.Describe(Libc.Errno)}");
        }
        if (Libc.Listen(fd, 128) != 0)
            throw new MonitorExitException($"Failed to listen on console-socket: {Errors.Describe(Libc.Errno)}");
        return new ConsoleSocket(fd, path);
    }

    /// <summary>Accepts the runtime's connection and returns the terminal it passed; the socket is gone afterwards.</summary>
    public int ReceiveTerminal()
    {
        int connection;
        do
            connection = Libc.Accept4(_fd, null, null, Constants.SockCloseOnExec);
        while (connection < 0 && Libc.Errno == Constants.Eintr);
        if (connection < 0)
            throw new MonitorExitException($"Failed to accept console-socket connection: {Errors.Describe(Libc.Errno)}");
        Dispose();
        try
        {
            var name = stackalloc byte[4096];
            var control = stackalloc byte[64];
            var vector = new IoVector { Base = name, Length = 4096 };
            var message = new MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = 64 };
            if (Libc.RecvMsg(connection, &message, Constants.MsgNoSignal) < 0)
                throw new MonitorExitException($"Failed to receive console file descriptor: {Errors.Describe(Libc.Errno)}");
            // struct cmsghdr: size_t length, int level, int type, then the descriptor.
            if (message.ControlLength < 20 || *(int*)(control + 8) != Constants.SolSocket || *(int*)(control + 12) != Constants.ScmRights)
                throw new MonitorExitException("Failed to receive console file descriptor: no descriptor in the message");
            var terminal = *(int*)(control + 16);
            Descriptors.SetCloseOnExec(terminal);
            var settings = stackalloc byte[64];
            if (Libc.TcGetAttr(terminal, settings) == 0)
            {
                *(uint*)(settings + 4) |= Constants.OutputMapNlToCrNl;
                Libc.TcSetAttr(terminal, Constants.TcsaNow, settings);
            }
            return terminal;
        }
        finally
        {
            Libc.Close(connection);
        }
    }

    public void Dispose()
    {
        if (_fd < 0)
            return;
        Libc.Close(_fd);
        _fd = -1;
        Libc.Unlink(Path);
    }
}
