using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;

namespace CriEngine.Streaming.WebSockets;

/// <summary>
/// Kubernetes' channel protocol over one WebSocket (apimachinery wsstream): every message
/// starts with its channel number, a byte in the binary protocols and the ASCII digit
/// <c>'0'+n</c> in the base64 ones, whose payload is base64 text. Channel 255 in v5 carries
/// the close signal <c>[255, n]</c>: the client finished sending on channel n.
/// </summary>
internal sealed class ChannelWebSocket
{
    public const byte CloseSignal = 255;
    private const long PauseAt = 1024 * 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly bool _base64;
    private readonly bool _closeSignals;
    private readonly Action _onActivity;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<byte, Pipe> _readable = [];

    public ChannelWebSocket(WebSocket socket, bool base64, bool closeSignals, IEnumerable<byte> readableChannels, Action onActivity)
    {
        _socket = socket;
        _base64 = base64;
        _closeSignals = closeSignals;
        _onActivity = onActivity;
        foreach (var channel in readableChannels)
            _readable[channel] = new Pipe(new PipeOptions(pauseWriterThreshold: PauseAt, resumeWriterThreshold: PauseAt / 2, useSynchronizationContext: false));
    }

    /// <summary>A stream over one channel: reads what the client sent on it (if readable), writes messages on it.</summary>
    public Stream Open(byte channel, bool canWrite) =>
        new ChannelStream(this, channel, _readable.GetValueOrDefault(channel)?.Reader, canWrite);

    /// <summary>
    /// Receives messages until the client closes, delivering each channel's data to its reader;
    /// messages for channels nobody reads are dropped, as kubelet does. Every reader ends after.
    /// </summary>
    public async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(message.GetMemory(4096), cancellationToken);
                    message.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                _onActivity();
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                await DeliverAsync(message.WrittenMemory, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            foreach (var pipe in _readable.Values)
                pipe.Writer.Complete();
        }
    }

    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        byte[] message;
        if (_base64)
            message = Encoding.ASCII.GetBytes((char)('0' + channel) + Convert.ToBase64String(data.Span));
        else
        {
            message = new byte[data.Length + 1];
            message[0] = channel;
            data.Span.CopyTo(message.AsSpan(1));
        }
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, _base64 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            _onActivity();
        }
        catch (WebSocketException e)
        {
            throw new IOException($"WebSocket channel {channel}: {e.Message}", e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Ends the session with a normal close; a client already gone is not an error.</summary>
    public async Task CloseAsync()
    {
        // A client that stopped reading gets a few seconds for the close frame, not forever.
        using var grace = new CancellationTokenSource(CloseGrace);
        try
        {
            await _sendLock.WaitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, grace.Token);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task DeliverAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.IsEmpty)
            return;
        var channel = message.Span[0];
        var payload = message[1..];
        if (_closeSignals && channel == CloseSignal)
        {
            if (payload.Length == 1 && _readable.TryGetValue(payload.Span[0], out var closed))
                await closed.Writer.CompleteAsync();
            return;
        }
        if (_base64)
        {
            channel = (byte)(channel - '0');
            try
            {
                payload = Convert.FromBase64String(Encoding.ASCII.GetString(payload.Span));
            }
            catch (FormatException)
            {
                // kubelet drops a message it cannot decode and reads on.
                return;
            }
        }
        if (_readable.TryGetValue(channel, out var pipe))
            await pipe.Writer.WriteAsync(payload, cancellationToken);
    }
}
