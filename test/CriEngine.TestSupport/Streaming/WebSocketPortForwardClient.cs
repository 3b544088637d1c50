using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace CriEngine.TestSupport.Streaming;

/// <summary>
/// One connection forwarded to a pod's port over WebSocket, as kubectl's WebSocket port
/// forwarding speaks it (<c>v4.channel.k8s.io</c>, <c>?port=N</c>): channel 0 carries the data,
/// channel 1 the errors, and the first message on each carries the port (uint16, little endian).
/// </summary>
public sealed class WebSocketPortForwardClient : IDisposable
{
    private readonly ClientWebSocket _socket;

    private WebSocketPortForwardClient(ClientWebSocket socket) => _socket = socket;

    public static async Task<WebSocketPortForwardClient> ConnectAsync(string url, int port)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v4.channel.k8s.io");
        try
        {
            await socket.ConnectAsync(new Uri($"{url.Replace("http://", "ws://", StringComparison.Ordinal)}?port={port}"), CancellationToken.None);
            return new WebSocketPortForwardClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> to the pod's port and collects what comes back until the connection ends: (data, error text).</summary>
    public async Task<(string Data, string Error)> ExchangeAsync(string request, TimeSpan timeout)
    {
        await _socket.SendAsync((byte[])[0, .. Encoding.ASCII.GetBytes(request)], WebSocketMessageType.Binary, true, CancellationToken.None);
        var data = new MemoryStream();
        var error = new MemoryStream();
        var seenPort = new bool[2];
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, expiry.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                break;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
                continue;
            var bytes = message.ToArray();
            message.SetLength(0);
            if (bytes.Length == 0 || bytes[0] > 1)
                continue;
            var channel = bytes[0];
            var payload = bytes.AsSpan(1);
            if (!seenPort[channel])
            {
                seenPort[channel] = true;
                _ = BinaryPrimitives.ReadUInt16LittleEndian(payload);
                payload = payload[2..];
            }
            (channel == 0 ? data : error).Write(payload);
        }
        return (Encoding.UTF8.GetString(data.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    public void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
    }
}
