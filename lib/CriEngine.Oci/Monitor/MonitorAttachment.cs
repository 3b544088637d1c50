using System.Net.Sockets;
using CriEngine.Grpc;
using CriEngine.Oci.Native;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// A connection to a container's attach socket, as CRI-O's Attach makes it: a SOCK_SEQPACKET
/// socket on which the monitor sends each piece of the container's output as one packet, its
/// first byte naming the stream (2 stdout, 3 stderr), and takes what it is sent as the
/// container's stdin. Shutting down the sending side is the end of stdin.
/// </summary>
public sealed class MonitorAttachment : IDisposable
{
    private const byte StdoutPipe = 2;
    private const byte StderrPipe = 3;

    // conmon's buffer is 8192 bytes plus the stream byte.
    private const int PacketSize = 8192 + 1;

    private readonly Socket _socket;

    private MonitorAttachment(Socket socket) => _socket = socket;

    public static async Task<MonitorAttachment> ConnectAsync(string socketDirectory, string containerId, CancellationToken cancellationToken)
    {
        var path = MonitorPaths.AttachSocket(socketDirectory, containerId);
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            using var directory = PathDescriptor.OpenDirectory(Path.GetDirectoryName(path)!);
            var shortPath = $"/proc/self/fd/{directory.DangerousGetHandle()}/{Path.GetFileName(path)}";
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(shortPath), cancellationToken).ConfigureAwait(false);
            return new MonitorAttachment(socket);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            socket.Dispose();
            throw new RpcException(StatusCode.FailedPrecondition, $"container {containerId}: cannot attach: {path}: {e.Message}", e);
        }
    }

    /// <summary>Copies the container's output to <paramref name="stdout"/> and <paramref name="stderr"/> (either may be null: dropped) until the monitor closes the connection.</summary>
    public async Task CopyOutputAsync(Stream? stdout, Stream? stderr, CancellationToken cancellationToken)
    {
        var packet = new byte[PacketSize];
        while (true)
        {
            var length = await _socket.ReceiveAsync(packet, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (length == 0)
                return;
            var target = packet[0] switch
            {
                StdoutPipe => stdout,
                StderrPipe => stderr,
                _ => null,
            };
            if (target is not null && length > 1)
            {
                await target.WriteAsync(packet.AsMemory(1, length - 1), cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Copies <paramref name="stdin"/> to the container until it ends, then ends the container's stdin (unless its monitor keeps it open).</summary>
    public async Task CopyInputAsync(Stream stdin, CancellationToken cancellationToken)
    {
        var buffer = new byte[PacketSize - 1];
        int length;
        while ((length = await stdin.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            await _socket.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _socket.Shutdown(SocketShutdown.Send);
    }

    public void Dispose() => _socket.Dispose();
}
