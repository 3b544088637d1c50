using System.Net.WebSockets;
using System.Text;

namespace CriEngine.Streaming.Tests.Support;

/// <summary>A WebSocket client speaking Kubernetes' channel protocols, as client-go's WebSocket executor does.</summary>
internal sealed class ChannelWebSocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly bool _base64;

    private ChannelWebSocketClient(bool base64) => _base64 = base64;

    public string? Protocol => _socket.SubProtocol;

    public static async Task<ChannelWebSocketClient> ConnectAsync(string url, params string[] protocols)
    {
        var client = new ChannelWebSocketClient(protocols.FirstOrDefault()?.Contains("base64", StringComparison.Ordinal) == true);
        foreach (var protocol in protocols)
            client._socket.Options.AddSubProtocol(protocol);
        await client._socket.ConnectAsync(new Uri(url.Replace("http://", "ws://", StringComparison.Ordinal)), CancellationToken.None);
        return client;
    }

    public Task SendAsync(byte channel, string text) => SendAsync(channel, Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte channel, byte[] data)
    {
        if (_base64)
            await _socket.SendAsync(Encoding.ASCII.GetBytes((char)('0' + channel) + Convert.ToBase64String(data)), WebSocketMessageType.Text, true, CancellationToken.None);
        else
            await _socket.SendAsync((byte[])[channel, .. data], WebSocketMessageType.Binary, true, CancellationToken.None);
    }

    /// <summary>A text message as given, for malformed input.</summary>
    public Task SendRawTextAsync(string text) =>
        _socket.SendAsync(Encoding.ASCII.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>v5's close signal: this client sends nothing more on <paramref name="channel"/>.</summary>
    public Task CloseChannelAsync(byte channel) =>
        _socket.SendAsync((byte[])[255, channel], WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Every message until the server closes, as (channel, payload), and how it closed.</summary>
    public async Task<(List<(byte Channel, byte[] Data)> Messages, WebSocketCloseStatus? Close)> ReceiveAllAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var messages = new List<(byte, byte[])>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer, deadline.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return (messages, result.CloseStatus);
            }
            var bytes = message.ToArray();
            messages.Add(_base64
                ? ((byte)(bytes[0] - '0'), Convert.FromBase64String(Encoding.ASCII.GetString(bytes, 1, bytes.Length - 1)))
                : (bytes[0], bytes[1..]));
        }
    }

    public static string TextOn(IEnumerable<(byte Channel, byte[] Data)> messages, byte channel) =>
        Encoding.UTF8.GetString([.. messages.Where(m => m.Channel == channel).SelectMany(m => m.Data)]);

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
