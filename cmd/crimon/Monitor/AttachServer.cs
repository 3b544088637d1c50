using CriEngine.Crimon.Logging;
using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// The attach socket, as conmon's: a SOCK_SEQPACKET socket named <c>attach</c> in the bundle
/// directory, reached through the symlink <c>SOCKETDIR/CUUID</c> to the bundle (unix socket paths
/// are short), or through the bundle path itself with <c>--full-attach</c>. Each client gets every
/// chunk of output as a packet led by its stream's number (2 stdout, 3 stderr); what a client
/// sends goes to the container's stdin; a client's end closes stdin unless
/// <c>--leave-stdin-open</c> (with <c>-i</c>).
/// </summary>
internal sealed unsafe class AttachServer : IDisposable
{
    private const int ReceiveSize = 32768;

    private readonly EventLoop _loop;
    private readonly ContainerStdin? _stdin;
    private readonly bool _closeStdinOnDetach;
    private readonly MonitorLog _log;
    private readonly List<int> _clients = [];
    private readonly HashSet<int> _writable = [];
    private readonly HashSet<int> _readable = [];
    // Made once and reused: a monitor attached to for hours allocates nothing per packet.
    private byte[] _packet = [];
    private byte[]? _received;
    private int _fd;

    private AttachServer(int fd, string? symlink, EventLoop loop, ContainerStdin? stdin, bool closeStdinOnDetach, MonitorLog log)
    {
        _fd = fd;
        Symlink = symlink;
        _loop = loop;
        _stdin = stdin;
        _closeStdinOnDetach = closeStdinOnDetach;
        _log = log;
        _loop.Watch(_fd, Constants.PollIn, _ => Accept());
    }

    /// <summary>The symlink made to the bundle directory, removed when the container is gone; null with <c>--full-attach</c>.</summary>
    public string? Symlink { get; }

    public static AttachServer Listen(string bundlePath, string socketDirectory, string containerUuid, bool fullAttach,
        EventLoop loop, ContainerStdin? stdin, bool closeStdinOnDetach, MonitorLog log)
    {
        string parent;
        string? symlink = null;
        if (fullAttach)
            parent = bundlePath;
        else
        {
            parent = Path.Combine(socketDirectory, containerUuid);
            // A symlink as long as the socket path's room would leave no room for the socket name.
            if (parent.Length == 107)
                parent = parent[..106];
            if (Libc.Unlink(parent) != 0 && Libc.Errno != Constants.Enoent)
                throw new MonitorExitException($"Failed to remove existing symlink for socket directory {parent}: {Errors.Describe(Libc.Errno)}");
            if (Libc.Symlink(bundlePath, parent) != 0)
                throw new MonitorExitException($"Failed to create symlink for attach socket {parent}: {Errors.Describe(Libc.Errno)}");
            symlink = parent;
        }
        var parentFd = Libc.Open(parent, Constants.PathOnly | Constants.CloseOnExec, 0);
        if (parentFd < 0)
            throw new MonitorExitException($"failed to open socket path parent dir {parent}: {Errors.Describe(Libc.Errno)}");
        try
        {
            var fullPath = Path.Combine(parent, "attach");
            var fd = Libc.Socket(Constants.AfUnix, Constants.SockSeqPacket | Constants.SockNonBlock | Constants.SockCloseOnExec, 0);
            if (fd < 0)
                throw new MonitorExitException($"Failed to create socket {fullPath}: {Errors.Describe(Libc.Errno)}");
            Libc.Fchmod(fd, 0b111_000_000);
            if (Libc.Unlink(fullPath) != 0 && Libc.Errno != Constants.Enoent)
                throw new MonitorExitException($"Failed to remove existing socket: {fullPath}: {Errors.Describe(Libc.Errno)}");
            var address = SocketAddress.Unix($"/proc/self/fd/{parentFd}/attach");
            fixed (byte* pointer = address)
            {
                if (Libc.Bind(fd, pointer, (uint)address.Length) != 0)
                    throw new MonitorExitException($"Failed to bind socket: {fullPath}: {Errors.Describe(Libc.Errno)}");
            }
            Libc.Chmod(fullPath, 0b111_000_000);
            if (Libc.Listen(fd, 10) != 0)
                throw new MonitorExitException($"Failed to listen on attach socket: {fullPath}: {Errors.Describe(Libc.Errno)}");
            return new AttachServer(fd, symlink, loop, stdin, closeStdinOnDetach, log);
        }
        finally
        {
            Libc.Close(parentFd);
        }
    }

    /// <summary>Sends one chunk of output to every client, led by its stream's number.</summary>
    public void Broadcast(StdStream stream, ReadOnlySpan<byte> data)
    {
        if (_writable.Count == 0)
            return;
        if (_packet.Length < data.Length + 1)
            _packet = new byte[data.Length + 1];
        _packet[0] = (byte)stream;
        data.CopyTo(_packet.AsSpan(1));
        foreach (var client in _writable.ToArray())
        {
            fixed (byte* pointer = _packet)
            {
                if (Libc.Send(client, pointer, (nuint)(data.Length + 1), Constants.MsgNoSignal) < 0)
                {
                    _log.Warn("Failed to write to socket");
                    Shutdown(client, Constants.ShutWrite);
                }
            }
        }
    }

    /// <summary>Stops or resumes reading clients while stdin has bytes it did not take yet.</summary>
    public void PauseInput(bool paused)
    {
        foreach (var client in _readable)
        {
            if (paused)
                _loop.Unwatch(client);
            else if (!_loop.IsWatching(client))
                _loop.Watch(client, Constants.PollIn, events => Receive(client, events));
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.ToArray())
            Shutdown(client, -1);
        if (_fd >= 0)
        {
            _loop.Unwatch(_fd);
            Libc.Close(_fd);
            _fd = -1;
        }
    }

    private void Accept()
    {
        var client = Libc.Accept4(_fd, null, null, Constants.SockCloseOnExec);
        if (client < 0)
        {
            if (Libc.Errno != Constants.Eagain)
                _log.Warn("Failed to accept client connection on attach socket");
            return;
        }
        _clients.Add(client);
        _writable.Add(client);
        _readable.Add(client);
        if (_stdin is not { HasPending: true })
            _loop.Watch(client, Constants.PollIn, events => Receive(client, events));
        _log.Info($"Accepted connection {client}");
    }

    private void Receive(int client, short events)
    {
        if ((events & Constants.PollIn) != 0)
        {
            var buffer = _received ??= new byte[ReceiveSize];
            var read = Descriptors.Read(client, buffer);
            if (read > 0)
            {
                _stdin?.Write(buffer.AsSpan(0, read));
                if (_stdin is { HasPending: true })
                    PauseInput(true);
                return;
            }
            if (read < 0 && Libc.Errno == Constants.Eagain)
                return;
        }
        // End of the client's input (or an error): it stops sending, and perhaps stdin ends with it.
        _loop.Unwatch(client);
        Shutdown(client, Constants.ShutRead);
        if (_closeStdinOnDetach && _stdin is { IsOpen: true })
            _stdin.Close();
    }

    /// <summary>Shuts one direction (-1: both); a client shut both ways is closed and forgotten.</summary>
    private void Shutdown(int client, int how)
    {
        if (how == Constants.ShutWrite || how < 0)
            _writable.Remove(client);
        if (how == Constants.ShutRead || how < 0)
        {
            _readable.Remove(client);
            _loop.Unwatch(client);
        }
        if (how >= 0)
            Libc.Shutdown(client, how);
        if (how < 0 || (!_writable.Contains(client) && !_readable.Contains(client)))
        {
            _clients.Remove(client);
            _writable.Remove(client);
            _readable.Remove(client);
            _loop.Unwatch(client);
            Libc.Close(client);
        }
    }
}
