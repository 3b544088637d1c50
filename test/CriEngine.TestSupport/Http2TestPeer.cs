using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using CriEngine.Grpc.Hpack;
using CriEngine.Grpc.Http2;

namespace CriEngine.TestSupport;

/// <summary>
/// A raw HTTP/2 client for protocol tests: sends exactly the frames a test writes (valid or
/// not) and reads the server's frames one by one, decoding header blocks.
/// </summary>
public sealed class Http2TestPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly HpackEncoder _encoder = new(huffman: HuffmanMode.WhenShorter);
    private readonly HpackDecoder _decoder = new();
    private readonly List<Http2TestFrame> _held = [];

    private Http2TestPeer(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Connects; by default sends the preface and an empty SETTINGS, as every client starts.</summary>
    public static async Task<Http2TestPeer> ConnectAsync(string socketPath, bool start = true)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        var peer = new Http2TestPeer(socket);
        if (start)
        {
            await peer.SendRawAsync(Http2Limits.ClientPreface.ToArray());
            await peer.SendSettingsAsync();
        }
        return peer;
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    public Task SendFrameAsync(Http2FrameType type, Http2FrameFlags flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[Http2Limits.FrameHeaderLength + payload.Length];
        new Http2FrameHeader(payload.Length, type, flags, streamId).Write(frame);
        payload.CopyTo(frame.AsSpan(Http2Limits.FrameHeaderLength));
        return SendRawAsync(frame);
    }

    public Task SendSettingsAsync(params (Http2SettingId Id, uint Value)[] settings)
    {
        var payload = new byte[settings.Length * 6];
        for (var i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(i * 6), (ushort)settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(i * 6 + 2), settings[i].Value);
        }
        return SendFrameAsync(Http2FrameType.Settings, Http2FrameFlags.None, 0, payload);
    }

    /// <summary>Encodes a header block with this peer's HPACK state.</summary>
    public byte[] EncodeHeaders(IEnumerable<HeaderField> fields)
    {
        var block = new ArrayBufferWriter<byte>();
        _encoder.BeginBlock(block);
        foreach (var field in fields)
            _encoder.Encode(field, HpackIndexing.Incremental, block);
        return block.WrittenSpan.ToArray();
    }

    public Task SendHeadersAsync(int streamId, IEnumerable<HeaderField> fields, bool endStream) =>
        SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders | (endStream ? Http2FrameFlags.EndStream : 0), streamId, EncodeHeaders(fields));

    public Task SendDataAsync(int streamId, ReadOnlySpan<byte> data, bool endStream) =>
        SendFrameAsync(Http2FrameType.Data, endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None, streamId, data);

    public Task SendWindowUpdateAsync(int streamId, uint increment)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, increment);
        return SendFrameAsync(Http2FrameType.WindowUpdate, Http2FrameFlags.None, streamId, payload);
    }

    /// <summary>The request headers of a gRPC call, as grpc-go sends them.</summary>
    public static HeaderField[] GrpcRequest(string path, string authority = "localhost") =>
    [
        new(":method", "POST"),
        new(":scheme", "http"),
        new(":path", path),
        new(":authority", authority),
        new("content-type", "application/grpc"),
        new("te", "trailers"),
    ];

    /// <summary>The next frame, with header blocks decoded; null when the server closed the connection.</summary>
    public async Task<Http2TestFrame?> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var header = new byte[Http2Limits.FrameHeaderLength];
        try
        {
            await _stream.ReadExactlyAsync(header, timeout.Token);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
        var frameHeader = Http2FrameHeader.Read(header);
        var payload = new byte[frameHeader.Length];
        await _stream.ReadExactlyAsync(payload, timeout.Token);
        List<HeaderField>? fields = null;
        if (frameHeader.Type == Http2FrameType.Headers)
        {
            var block = new List<byte>(payload);
            var header0 = frameHeader;
            while (!header0.Has(Http2FrameFlags.EndHeaders))
            {
                await _stream.ReadExactlyAsync(header, timeout.Token);
                header0 = Http2FrameHeader.Read(header);
                if (header0.Type != Http2FrameType.Continuation)
                    throw new InvalidDataException($"expected CONTINUATION, got {header0.Type}");
                var more = new byte[header0.Length];
                await _stream.ReadExactlyAsync(more, timeout.Token);
                block.AddRange(more);
            }
            fields = [];
            _decoder.Decode(new ReadOnlySequence<byte>(block.ToArray()), fields);
            payload = [.. block];
        }
        return new Http2TestFrame(frameHeader, payload, fields);
    }

    /// <summary>Reads until a frame matches, skipping others; fails when the connection ends first.</summary>
    public async Task<Http2TestFrame> ReadUntilAsync(Func<Http2TestFrame, bool> match)
    {
        while (true)
        {
            var frame = await ReadFrameAsync() ?? throw new InvalidDataException("the server closed the connection");
            if (match(frame))
                return frame;
        }
    }

    /// <summary>The GOAWAY the server sends before it closes, reading past everything else.</summary>
    public async Task<(int LastStreamId, Http2ErrorCode Code, string Debug)> ReadGoAwayAsync()
    {
        var frame = await ReadUntilAsync(f => f.Header.Type == Http2FrameType.GoAway);
        return (
            (int)(BinaryPrimitives.ReadUInt32BigEndian(frame.Payload) & 0x7fff_ffff),
            (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(frame.Payload.AsSpan(4)),
            System.Text.Encoding.UTF8.GetString(frame.Payload.AsSpan(8)));
    }

    /// <summary>
    /// Collects one stream's response until END_STREAM or RST_STREAM, answering nothing. Frames
    /// of other streams read meanwhile are kept for their own turn.
    /// </summary>
    public async Task<Http2TestResponse> ReadResponseAsync(int streamId, List<HeaderField>? headersAlreadyRead = null)
    {
        var response = new Http2TestResponse { Headers = headersAlreadyRead };
        while (true)
        {
            var frame = TakeHeld(streamId) ?? await ReadFrameAsync() ?? throw new InvalidDataException($"the server closed the connection before stream {streamId} ended");
            if (frame.Header.StreamId != streamId)
            {
                if (frame.Header.StreamId != 0)
                    _held.Add(frame);
                continue;
            }
            switch (frame.Header.Type)
            {
                case Http2FrameType.Headers when response.Headers is null:
                    response.Headers = frame.Fields;
                    break;
                case Http2FrameType.Headers:
                    response.Trailers = frame.Fields;
                    break;
                case Http2FrameType.Data:
                    response.Data.AddRange(frame.Payload);
                    break;
                case Http2FrameType.RstStream:
                    response.ResetCode = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(frame.Payload);
                    return response;
            }
            if (frame.Header.Has(Http2FrameFlags.EndStream) && frame.Header.Type is Http2FrameType.Headers or Http2FrameType.Data)
                return response;
        }
    }

    private Http2TestFrame? TakeHeld(int streamId)
    {
        var index = _held.FindIndex(f => f.Header.StreamId == streamId);
        if (index < 0)
            return null;
        var frame = _held[index];
        _held.RemoveAt(index);
        return frame;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
