using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Http2;

/// <summary>
/// Writes frames to one connection. One lock orders whole frame groups, because a header
/// block's HEADERS and CONTINUATION frames must be contiguous and the HPACK encoder's state
/// must follow the order in which blocks reach the peer. Flow control is the caller's: a
/// DATA write here never waits for a window.
/// </summary>
internal sealed class Http2FrameWriter(PipeWriter output, HpackEncoder encoder)
{
    // Fields larger than this rarely repeat (error messages); indexing them would only evict
    // the fields that do repeat (status, content-type).
    private const int MaxIndexedFieldSize = 256;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _headerBlock = new(256);
    private bool _completed;
    private readonly Lock _tableSizeLock = new();
    private int? _smallestTableSize;
    private int? _latestTableSize;

    /// <summary>The peer's SETTINGS_MAX_FRAME_SIZE: the largest payload we may send.</summary>
    public int PeerMaxFrameSize { get; set; } = Http2Limits.DefaultMaxFrameSize;

    /// <summary>The peer's SETTINGS_HEADER_TABLE_SIZE; the encoder announces the change in its next block.</summary>
    public void SetPeerHeaderTableSize(int size)
    {
        lock (_tableSizeLock)
        {
            // RFC 7541 4.2: a lower size in between must be signalled too, so keep the minimum.
            _smallestTableSize = Math.Min(_smallestTableSize ?? size, size);
            _latestTableSize = size;
        }
    }

    public ValueTask WriteSettingsAsync(IReadOnlyList<KeyValuePair<Http2SettingId, uint>> settings) =>
        WriteAsync(settings, static (settings, w) =>
        {
            var payload = w.WriteFrameHeader(Http2FrameType.Settings, Http2FrameFlags.None, 0, settings.Count * 6);
            for (var i = 0; i < settings.Count; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(payload[(i * 6)..], (ushort)settings[i].Key);
                BinaryPrimitives.WriteUInt32BigEndian(payload[(i * 6 + 2)..], settings[i].Value);
            }
            w.Advance(settings.Count * 6);
        });

    public ValueTask WriteSettingsAckAsync() =>
        WriteAsync(0, static (_, w) => w.WriteFrameHeader(Http2FrameType.Settings, Http2FrameFlags.Ack, 0, 0));

    public ValueTask WritePingAsync(ulong opaque, bool ack) =>
        WriteAsync((opaque, ack), static (s, w) =>
        {
            var payload = w.WriteFrameHeader(Http2FrameType.Ping, s.ack ? Http2FrameFlags.Ack : Http2FrameFlags.None, 0, 8);
            BinaryPrimitives.WriteUInt64BigEndian(payload, s.opaque);
            w.Advance(8);
        });

    public ValueTask WriteWindowUpdateAsync(int streamId, int increment) =>
        WriteAsync((streamId, increment), static (s, w) =>
        {
            var payload = w.WriteFrameHeader(Http2FrameType.WindowUpdate, Http2FrameFlags.None, s.streamId, 4);
            BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)s.increment);
            w.Advance(4);
        });

    public ValueTask WriteRstStreamAsync(int streamId, Http2ErrorCode code) =>
        WriteAsync((streamId, code), static (s, w) =>
        {
            var payload = w.WriteFrameHeader(Http2FrameType.RstStream, Http2FrameFlags.None, s.streamId, 4);
            BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)s.code);
            w.Advance(4);
        });

    public ValueTask WriteGoAwayAsync(int lastStreamId, Http2ErrorCode code, string debug) =>
        WriteAsync((lastStreamId, code, debug), static (s, w) =>
        {
            var debugLength = Math.Min(System.Text.Encoding.UTF8.GetByteCount(s.debug), 1024);
            var payload = w.WriteFrameHeader(Http2FrameType.GoAway, Http2FrameFlags.None, 0, 8 + debugLength);
            BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)s.lastStreamId);
            BinaryPrimitives.WriteUInt32BigEndian(payload[4..], (uint)s.code);
            var bytes = System.Text.Encoding.UTF8.GetBytes(s.debug);
            bytes.AsSpan(0, debugLength).CopyTo(payload[8..]);
            w.Advance(8 + debugLength);
        });

    /// <summary>Encodes a header block and sends it as HEADERS plus as many CONTINUATION frames as it needs.</summary>
    public ValueTask WriteHeadersAsync(int streamId, IReadOnlyList<HeaderField> fields, bool endStream) =>
        WriteAsync((streamId, fields, endStream), static (s, w) => w.WriteHeaderBlock(s.streamId, s.fields, s.endStream));

    /// <summary>Sends data the caller has already reserved flow-control window for.</summary>
    public ValueTask WriteDataAsync(int streamId, ReadOnlySequence<byte> data, bool endStream) =>
        WriteAsync((streamId, data, endStream), static (s, w) => w.WriteDataFrames(s.streamId, s.data, s.endStream));

    /// <summary>Headers, data and trailers in one go, for small responses: one lock, one flush.</summary>
    public ValueTask WriteResponseAsync(int streamId, IReadOnlyList<HeaderField>? headers, ReadOnlySequence<byte> data, IReadOnlyList<HeaderField>? trailers) =>
        WriteAsync((streamId, headers, data, trailers), static (s, w) =>
        {
            if (s.headers is not null)
                w.WriteHeaderBlock(s.streamId, s.headers, endStream: false);
            if (!s.data.IsEmpty)
                w.WriteDataFrames(s.streamId, s.data, endStream: s.trailers is null);
            if (s.trailers is not null)
                w.WriteHeaderBlock(s.streamId, s.trailers, endStream: true);
        });

    /// <summary>No frame is written after this; pending and later writes are dropped.</summary>
    public async ValueTask CompleteAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_completed)
                return;
            _completed = true;
            await output.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async ValueTask WriteAsync<TState>(TState state, Action<TState, Http2FrameWriter> write)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_completed)
                return;
            write(state, this);
            var result = await output.FlushAsync().ConfigureAwait(false);
            if (result.IsCompleted)
                _completed = true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _completed = true;
            throw new OperationCanceledException("the connection is closed", e);
        }
        finally
        {
            _lock.Release();
        }
    }

    private Span<byte> WriteFrameHeader(Http2FrameType type, Http2FrameFlags flags, int streamId, int payloadLength)
    {
        var span = output.GetSpan(Http2Limits.FrameHeaderLength + payloadLength);
        new Http2FrameHeader(payloadLength, type, flags, streamId).Write(span);
        output.Advance(Http2Limits.FrameHeaderLength);
        return span[Http2Limits.FrameHeaderLength..];
    }

    private void Advance(int count) => output.Advance(count);

    private void WriteHeaderBlock(int streamId, IReadOnlyList<HeaderField> fields, bool endStream)
    {
        _headerBlock.ResetWrittenCount();
        lock (_tableSizeLock)
        {
            if (_latestTableSize is { } latest)
            {
                encoder.SetMaxDynamicTableSize(_smallestTableSize!.Value);
                encoder.SetMaxDynamicTableSize(latest);
                (_smallestTableSize, _latestTableSize) = (null, null);
            }
        }
        encoder.BeginBlock(_headerBlock);
        for (var i = 0; i < fields.Count; i++)
        {
            var indexing = fields[i].HpackSize <= MaxIndexedFieldSize ? HpackIndexing.Incremental : HpackIndexing.WithoutIndexing;
            encoder.Encode(fields[i], indexing, _headerBlock);
        }

        var block = _headerBlock.WrittenSpan;
        var type = Http2FrameType.Headers;
        var flags = endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
        do
        {
            var length = Math.Min(block.Length, PeerMaxFrameSize);
            if (length == block.Length)
                flags |= Http2FrameFlags.EndHeaders;
            block[..length].CopyTo(WriteFrameHeader(type, flags, streamId, length));
            Advance(length);
            block = block[length..];
            type = Http2FrameType.Continuation;
            flags = Http2FrameFlags.None;
        }
        while (!block.IsEmpty);
    }

    private void WriteDataFrames(int streamId, ReadOnlySequence<byte> data, bool endStream)
    {
        do
        {
            var length = (int)Math.Min(data.Length, PeerMaxFrameSize);
            var last = length == data.Length;
            var payload = WriteFrameHeader(Http2FrameType.Data, last && endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None, streamId, length);
            data.Slice(0, length).CopyTo(payload);
            Advance(length);
            data = data.Slice(length);
        }
        while (!data.IsEmpty);
    }
}
