using System.Net.Sockets;

namespace CriEngine.DBus.Transport;

internal static class SocketSending
{
    /// <summary>Sends every byte: a stream socket may take fewer than offered.</summary>
    public static async Task SendAllAsync(this Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        for (var sent = 0; sent < bytes.Length;)
            sent += await socket.SendAsync(bytes[sent..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }
}
