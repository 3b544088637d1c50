using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using CriEngine.Streaming.Spdy;

namespace CriEngine.TestSupport.Streaming;

/// <summary>
/// A SPDY/3.1 client that behaves as Kubernetes' (client-go over moby/spdystream): upgrades
/// with X-Stream-Protocol-Version, opens odd-numbered streams named by headers, never sends
/// WINDOW_UPDATE unless told to. Built on the library's framing, checked against crictl's
/// captures by the streaming library's CapturedClientFrameTests.
/// </summary>
internal sealed class SpdyTestClient : IAsyncDisposable
{
    private readonly RawConnection _connection;
    private readonly SpdyHeaderCompressor _compressor = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, ClientStream> _streams = new();
    private readonly TaskCompletionSource<GoAwayFrame?> _goAway = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;
    private uint _nextId = 1;

    private SpdyTestClient(RawConnection connection, string head)
    {
        _connection = connection;
        ResponseHead = head;
    }

    public string ResponseHead { get; }

    public bool Upgraded => ResponseHead.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal);

    /// <summary>Non-stream frames the server sent (WINDOW_UPDATE, PING, SETTINGS), in order.</summary>
    public ConcurrentQueue<SpdyControlFrame> OtherFrames { get; } = new();

    /// <summary>Completes with the server's GOAWAY, or null when the connection closed without one.</summary>
    public Task<GoAwayFrame?> GoAway => _goAway.Task;

    /// <summary>Reads the server until it closes the connection.</summary>
    public Task Closed => _reading;

    public static async Task<SpdyTestClient> ConnectAsync(string url, string method = "POST", params string[] protocols)
    {
        var uri = new Uri(url);
        var connection = await RawConnection.ConnectAsync(uri);
        var request = new StringBuilder($"{method} {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n");
        foreach (var protocol in protocols)
            request.Append($"X-Stream-Protocol-Version: {protocol}\r\n");
        request.Append("\r\n");
        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var client = new SpdyTestClient(connection, await connection.ReadHeadAsync(timeout.Token));
        if (client.Upgraded)
            client._reading = Task.Run(client.ReadLoopAsync);
        return client;
    }

    /// <summary>The rest of a refused upgrade's answer: its body, until the server closes or the length is read.</summary>
    public async Task<string> ReadBodyAsync()
    {
        var length = ResponseHead.Split("\r\n").Select(l => l.Split(": ")).Where(p => p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1])).FirstOrDefault();
        var body = new byte[length];
        await _connection.Stream.ReadExactlyAsync(body);
        return Encoding.UTF8.GetString(body);
    }

    public async Task<ClientStream> OpenStreamAsync(params (string Name, string Value)[] headers)
    {
        var stream = Stream(_nextId);
        _nextId += 2;
        var block = new SpdyHeaders();
        foreach (var (name, value) in headers)
            block.Add(name, value);
        await WriteControlAsync(new SynStreamFrame(stream.Id, 0, 0, 0, 0, block));
        return stream;
    }

    /// <summary>Stream <paramref name="id"/> as this client saw it, also one opened with raw bytes.</summary>
    public ClientStream Stream(uint id) => _streams.GetOrAdd(id, i => new ClientStream(this, i));

    public Task WriteControlAsync(SpdyControlFrame frame) => WriteAsync(output => SpdyFrameWriter.WriteControl(output, frame, _compressor));

    /// <summary>Raw bytes on the connection, for malformed input.</summary>
    public Task WriteRawAsync(byte[] bytes) => WriteAsync(output => output.Write(bytes));

    internal Task WriteDataAsync(uint id, ReadOnlyMemory<byte> data, bool fin) =>
        WriteAsync(output => SpdyFrameWriter.WriteData(output, id, fin ? SpdyFlags.Fin : (byte)0, data.Span));

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
        _compressor.Dispose();
    }

    private async Task WriteAsync(Action<IBufferWriter<byte>> encode)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await _writeLock.WaitAsync();
        try
        {
            encode(buffer);
            await _connection.Stream.WriteAsync(buffer.WrittenMemory);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        using var decoder = new SpdyFrameDecoder();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await _connection.Stream.ReadAsync(buffer)) > 0)
            {
                foreach (var frame in decoder.Add(buffer.AsSpan(0, read)))
                    Dispatch(frame);
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            foreach (var stream in _streams.Values)
                stream.End(reset: null);
            _goAway.TrySetResult(null);
        }
    }

    private void Dispatch(DecodedFrame frame)
    {
        switch (frame.Control)
        {
            case null:
                var target = Stream(frame.DataStreamId);
                target.Append(frame.Data);
                if (frame.IsFin)
                    target.End(reset: null);
                break;
            case SynReplyFrame reply:
                Stream(reply.StreamId).Replied.TrySetResult();
                break;
            case RstStreamFrame rst:
                Stream(rst.StreamId).End(rst.Status);
                break;
            case GoAwayFrame away:
                _goAway.TrySetResult(away);
                break;
            default:
                OtherFrames.Enqueue(frame.Control);
                break;
        }
    }

    /// <summary>One stream the client opened: what the server sent on it, and how it ended.</summary>
    internal sealed class ClientStream(SpdyTestClient client, uint id)
    {
        private readonly MemoryStream _received = new();
        private readonly TaskCompletionSource<SpdyRstStatus?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public uint Id { get; } = id;

        public TaskCompletionSource Replied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the server sent FIN (null), RST_STREAM (its status), or the connection closed (null).</summary>
        public Task<SpdyRstStatus?> Ended => _ended.Task;

        public Task WriteAsync(string text, bool fin = false) => WriteAsync(Encoding.UTF8.GetBytes(text), fin);

        public Task WriteAsync(byte[] data, bool fin = false) => client.WriteDataAsync(Id, data, fin);

        public Task CloseAsync() => client.WriteDataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true);

        public byte[] Received
        {
            get
            {
                lock (_received)
                    return _received.ToArray();
            }
        }

        public string Text => Encoding.UTF8.GetString(Received);

        /// <summary>Everything the server sent on the stream once it ended.</summary>
        public async Task<string> ReadToEndAsync(TimeSpan? timeout = null)
        {
            await Ended.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
            return Text;
        }

        internal void Append(byte[] data)
        {
            lock (_received)
                _received.Write(data);
        }

        internal void End(SpdyRstStatus? reset) => _ended.TrySetResult(reset);
    }
}
