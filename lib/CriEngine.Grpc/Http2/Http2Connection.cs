using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using CriEngine.Grpc.Hpack;
using Microsoft.Extensions.Logging;

namespace CriEngine.Grpc.Http2;

/// <summary>
/// The server side of one HTTP/2 connection (RFC 9113), cleartext with prior knowledge: reads
/// frames in one loop, keeps the stream table, and runs the request handler of each new stream
/// on the thread pool. Connection errors end in GOAWAY, stream errors in RST_STREAM; nothing a
/// peer sends ends in anything else.
/// </summary>
public sealed class Http2Connection
{
    // Streams we reset are remembered for a while, so that frames the peer sent before it saw
    // the reset are ignored instead of treated as errors (RFC 9113 5.1, "closed").
    private const int RememberedResets = 256;

    private readonly PipeReader _input;
    private readonly Func<Http2Stream, Task> _handler;
    private readonly Http2ServerOptions _options;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly HpackDecoder _decoder;
    private readonly List<HeaderField> _decoded = [];
    private readonly ArrayBufferWriter<byte> _headerBlock = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<int, Http2Stream> _streams = [];
    private readonly Queue<int> _resetOrder = new();
    private readonly HashSet<int> _resetByUs = [];
    private readonly SendWindow _sendWindow = new(Http2Limits.DefaultInitialWindowSize);
    private readonly ReceiveWindow _receiveWindow;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private Http2Settings _peerSettings = new();
    private int _lastStreamId;
    private int _runningHandlers;
    private bool _goingAway;
    private bool _sawSettings;
    private int _headerBlockStream;
    private bool _headerBlockEndsStream;

    public Http2Connection(IDuplexPipe transport, Func<Http2Stream, Task> handler, Http2ServerOptions options, ILogger logger, string name)
    {
        _input = transport.Input;
        _handler = handler;
        _options = options;
        _logger = logger;
        _name = name;
        _decoder = new HpackDecoder(Http2Limits.DefaultHeaderTableSize);
        _receiveWindow = new ReceiveWindow(options.ConnectionWindowSize);
        Writer = new Http2FrameWriter(transport.Output, new HpackEncoder());
    }

    internal Http2FrameWriter Writer { get; }

    /// <summary>Serves the connection until the peer closes it, a connection error, or <see cref="ShutdownAsync"/>.</summary>
    public async Task RunAsync()
    {
        try
        {
            await SendPrefaceAsync().ConfigureAwait(false);
            if (!await ReadPrefaceAsync().ConfigureAwait(false))
                return;
            await ReadFramesAsync().ConfigureAwait(false);
        }
        catch (Http2ConnectionException e)
        {
            _logger.LogDebug("http2 {Connection}: connection error {Code}: {Reason}", _name, e.Code, e.Message);
            await SendGoAwayAsync(e.Code, e.Message).ConfigureAwait(false);
        }
        catch (HpackException e)
        {
            _logger.LogDebug("http2 {Connection}: header compression error: {Reason}", _name, e.Message);
            await SendGoAwayAsync(Http2ErrorCode.CompressionError, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The transport went away or shutdown cancelled the read: nothing left to answer.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "http2 {Connection}: internal error", _name);
            await SendGoAwayAsync(Http2ErrorCode.InternalError, "internal error").ConfigureAwait(false);
        }
        finally
        {
            CloseAllStreams(new IOException($"http2 connection {_name} closed"));
            await _input.CompleteAsync().ConfigureAwait(false);
            try
            {
                await Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The last flush found the peer gone.
            }
        }
    }

    /// <summary>
    /// Graceful shutdown: GOAWAY, then the streams already started may finish within
    /// <paramref name="drainTimeout"/>; after that the connection is closed.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan drainTimeout)
    {
        await SendGoAwayAsync(Http2ErrorCode.NoError, "server shutting down").ConfigureAwait(false);
        lock (_lock)
        {
            if (_runningHandlers == 0)
                _drained.TrySetResult();
        }
        await _drained.Task.WaitAsync(drainTimeout).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _closing.Cancel();
        _input.CancelPendingRead();
    }

    internal async ValueTask<int> ReserveAsync(Http2Stream stream, int wanted, CancellationToken cancellationToken)
    {
        var fromStream = await stream.SendWindow.ReserveAsync(wanted, cancellationToken).ConfigureAwait(false);
        int fromConnection;
        try
        {
            fromConnection = await _sendWindow.ReserveAsync(fromStream, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            stream.SendWindow.Return(fromStream);
            throw;
        }
        if (fromConnection < fromStream)
            stream.SendWindow.Return(fromStream - fromConnection);
        return fromConnection;
    }

    internal bool TryReserveAll(Http2Stream stream, long length)
    {
        if (length == 0)
            return true;
        if (!stream.SendWindow.TryTake(length))
            return false;
        if (_sendWindow.TryTake(length))
            return true;
        stream.SendWindow.Return((int)length);
        return false;
    }

    internal void CreditReceived(Http2Stream stream, int octets, int streamIncrement)
    {
        var connectionIncrement = _receiveWindow.Credit(octets);
        if (streamIncrement > 0 || connectionIncrement > 0)
            _ = SendWindowUpdatesAsync(stream.Id, streamIncrement, connectionIncrement);
    }

    internal void OnResponseEnded(Http2Stream stream)
    {
        if (stream.RequestEnded)
        {
            Forget(stream, stream.CloseQuietly());
            return;
        }
        // The response is complete before the request: ask the client to stop sending (RFC 9113 8.1).
        _ = ResetStreamAsync(stream, Http2ErrorCode.NoError).AsTask();
    }

    internal async ValueTask ResetStreamAsync(Http2Stream stream, Http2ErrorCode code)
    {
        // One RST_STREAM a stream, with the first reason: a handler that fails because the stream
        // was reset must not send a reset of its own.
        if (!RememberReset(stream.Id))
            return;
        Forget(stream, stream.Close(new OperationCanceledException($"stream {stream.Id} reset by the server ({code})")));
        await Writer.WriteRstStreamAsync(stream.Id, code).ConfigureAwait(false);
    }

    private async Task SendPrefaceAsync()
    {
        await Writer.WriteSettingsAsync(
        [
            new(Http2SettingId.MaxConcurrentStreams, (uint)_options.MaxConcurrentStreams),
            new(Http2SettingId.InitialWindowSize, (uint)_options.InitialStreamWindowSize),
            new(Http2SettingId.MaxHeaderListSize, (uint)_options.MaxHeaderListSize),
        ]).ConfigureAwait(false);
        var extra = _options.ConnectionWindowSize - Http2Limits.DefaultInitialWindowSize;
        if (extra > 0)
            await Writer.WriteWindowUpdateAsync(0, extra).ConfigureAwait(false);
    }

    private async Task<bool> ReadPrefaceAsync()
    {
        var preface = Http2Limits.ClientPreface.Length;
        while (true)
        {
            var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= preface)
            {
                var matches = IsPreface(buffer.Slice(0, preface));
                _input.AdvanceTo(buffer.GetPosition(preface));
                if (!matches)
                    throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "the client did not send the HTTP/2 connection preface");
                return true;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
                return false;
        }

        static bool IsPreface(ReadOnlySequence<byte> bytes)
        {
            Span<byte> copy = stackalloc byte[Http2Limits.ClientPreface.Length];
            bytes.CopyTo(copy);
            return copy.SequenceEqual(Http2Limits.ClientPreface);
        }
    }

    private async Task ReadFramesAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (TryReadFrame(ref buffer, out var header, out var payload))
                    await ProcessFrameAsync(header, payload).ConfigureAwait(false);
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
            }
            if (result.IsCompleted || result.IsCanceled)
                return;
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Http2FrameHeader header, out ReadOnlySequence<byte> payload)
    {
        header = default;
        payload = default;
        if (buffer.Length < Http2Limits.FrameHeaderLength)
            return false;
        Span<byte> raw = stackalloc byte[Http2Limits.FrameHeaderLength];
        buffer.Slice(0, Http2Limits.FrameHeaderLength).CopyTo(raw);
        header = Http2FrameHeader.Read(raw);
        // We never raise SETTINGS_MAX_FRAME_SIZE above the default.
        if (header.Length > Http2Limits.DefaultMaxFrameSize)
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"frame of {header.Length} octets exceeds SETTINGS_MAX_FRAME_SIZE");
        if (buffer.Length < Http2Limits.FrameHeaderLength + header.Length)
            return false;
        payload = buffer.Slice(Http2Limits.FrameHeaderLength, header.Length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private async ValueTask ProcessFrameAsync(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (!_sawSettings && header.Type != Http2FrameType.Settings)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"first frame is {header.Type}, not SETTINGS");
        if (_headerBlockStream != 0 && (header.Type != Http2FrameType.Continuation || header.StreamId != _headerBlockStream))
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"expected CONTINUATION for stream {_headerBlockStream}, got {header.Type} on stream {header.StreamId}");
        try
        {
            await (header.Type switch
            {
                Http2FrameType.Data => OnDataAsync(header, payload),
                Http2FrameType.Headers => OnHeadersAsync(header, payload),
                Http2FrameType.Continuation => OnContinuationAsync(header, payload),
                Http2FrameType.Priority => OnPriority(header, payload),
                Http2FrameType.RstStream => OnRstStream(header, payload),
                Http2FrameType.Settings => OnSettingsAsync(header, payload),
                Http2FrameType.PushPromise => throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "a client must not send PUSH_PROMISE"),
                Http2FrameType.Ping => OnPingAsync(header, payload),
                Http2FrameType.GoAway => OnGoAway(header, payload),
                Http2FrameType.WindowUpdate => OnWindowUpdate(header, payload),
                // Unknown frame types are ignored (RFC 9113 4.1).
                _ => ValueTask.CompletedTask,
            }).ConfigureAwait(false);
        }
        catch (Http2StreamException e)
        {
            await ResetAsync(e).ConfigureAwait(false);
        }
    }

    private async ValueTask ResetAsync(Http2StreamException e)
    {
        _logger.LogDebug("http2 {Connection}: stream error {Code}: {Reason}", _name, e.Code, e.Message);
        Http2Stream? stream;
        lock (_lock)
            _streams.TryGetValue(e.StreamId, out stream);
        if (stream is not null)
        {
            await ResetStreamAsync(stream, e.Code).ConfigureAwait(false);
            return;
        }
        RememberReset(e.StreamId);
        await Writer.WriteRstStreamAsync(e.StreamId, e.Code).ConfigureAwait(false);
    }

    private async ValueTask OnDataAsync(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        RequireStream(header);
        if (!_receiveWindow.TryReceive(header.Length))
            throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, "peer sent more than the connection flow-control window");
        var data = StripPadding(header, payload);
        var padding = header.Length - (int)data.Length;
        var stream = FindStream(header.StreamId);
        if (stream is null || stream.RequestEnded)
        {
            // Not for anyone: give the connection window back at once.
            await CreditConnectionAsync(header.Length).ConfigureAwait(false);
            if (stream is not null || !WasResetByUs(header.StreamId))
                throw new Http2StreamException(header.StreamId, Http2ErrorCode.StreamClosed, $"stream {header.StreamId}: DATA after the end of the request");
            return;
        }
        var endStream = header.Has(Http2FrameFlags.EndStream);
        var taken = data.IsSingleSegment
            ? stream.OnData(data.FirstSpan, header.Length, endStream)
            : stream.OnData(data.ToArray(), header.Length, endStream);
        if (!taken)
        {
            await CreditConnectionAsync(header.Length).ConfigureAwait(false);
            return;
        }
        if (padding > 0)
            stream.CreditPadding(padding);
        StartHandler(stream);
    }

    private async ValueTask OnHeadersAsync(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (header.StreamId == 0)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "HEADERS on stream 0");
        var fragment = StripPadding(header, payload);
        if (header.Has(Http2FrameFlags.Priority))
        {
            if (fragment.Length < 5)
                throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "HEADERS too short for its priority fields");
            var dependency = ReadUInt31(fragment);
            fragment = fragment.Slice(5);
            if (dependency == header.StreamId)
                throw new Http2StreamException(header.StreamId, Http2ErrorCode.ProtocolError, $"stream {header.StreamId} depends on itself");
        }
        _headerBlockEndsStream = header.Has(Http2FrameFlags.EndStream);
        if (header.Has(Http2FrameFlags.EndHeaders))
        {
            await OnHeaderBlockAsync(header.StreamId, fragment).ConfigureAwait(false);
            return;
        }
        _headerBlockStream = header.StreamId;
        _headerBlock.ResetWrittenCount();
        AppendHeaderFragment(fragment);
    }

    private async ValueTask OnContinuationAsync(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (_headerBlockStream == 0)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "CONTINUATION without a header block in progress");
        AppendHeaderFragment(payload);
        if (!header.Has(Http2FrameFlags.EndHeaders))
            return;
        _headerBlockStream = 0;
        await OnHeaderBlockAsync(header.StreamId, new ReadOnlySequence<byte>(_headerBlock.WrittenMemory)).ConfigureAwait(false);
    }

    private void AppendHeaderFragment(ReadOnlySequence<byte> fragment)
    {
        if (_headerBlock.WrittenCount + fragment.Length > _options.MaxHeaderBlockSize)
            throw new Http2ConnectionException(Http2ErrorCode.EnhanceYourCalm, $"header block over {_options.MaxHeaderBlockSize} octets");
        foreach (var segment in fragment)
            _headerBlock.Write(segment.Span);
    }

    private async ValueTask OnHeaderBlockAsync(int streamId, ReadOnlySequence<byte> block)
    {
        // Decoded even when the stream will be refused: the HPACK state must follow every block.
        _decoded.Clear();
        _decoder.Decode(block, _decoded);
        var existing = FindStream(streamId);
        if (existing is not null)
        {
            OnTrailers(existing);
            return;
        }
        if (streamId <= _lastStreamId)
        {
            if (WasResetByUs(streamId))
                return;
            throw new Http2ConnectionException(Http2ErrorCode.StreamClosed, $"HEADERS on closed stream {streamId}");
        }
        if (streamId % 2 == 0)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"a client stream identifier must be odd, got {streamId}");
        _lastStreamId = streamId;
        await StartStreamAsync(streamId).ConfigureAwait(false);
    }

    private void OnTrailers(Http2Stream stream)
    {
        if (stream.RequestEnded)
            throw new Http2StreamException(stream.Id, Http2ErrorCode.StreamClosed, $"stream {stream.Id}: HEADERS after the end of the request");
        if (!_headerBlockEndsStream)
            throw new Http2StreamException(stream.Id, Http2ErrorCode.ProtocolError, $"stream {stream.Id}: trailers without END_STREAM");
        RequestHeaders.CheckTrailers(stream.Id, _decoded);
        stream.OnRequestEnded();
        StartHandler(stream);
    }

    private async ValueTask StartStreamAsync(int streamId)
    {
        lock (_lock)
        {
            if (_goingAway || _streams.Count >= _options.MaxConcurrentStreams)
            {
                RememberReset(streamId);
                _ = Writer.WriteRstStreamAsync(streamId, Http2ErrorCode.RefusedStream);
                return;
            }
        }
        var listSize = 0;
        foreach (var field in _decoded)
            listSize += field.HpackSize;
        if (listSize > _options.MaxHeaderListSize)
        {
            RememberReset(streamId);
            await Writer.WriteHeadersAsync(streamId, [new(":status", "431")], endStream: true).ConfigureAwait(false);
            if (!_headerBlockEndsStream)
                await Writer.WriteRstStreamAsync(streamId, Http2ErrorCode.NoError).ConfigureAwait(false);
            return;
        }
        var headers = RequestHeaders.Parse(streamId, _decoded);
        var stream = new Http2Stream(this, streamId, headers, _peerSettings.InitialWindowSize, _options.InitialStreamWindowSize);
        lock (_lock)
        {
            _streams.Add(streamId, stream);
            _runningHandlers++;
        }
        if (_headerBlockEndsStream)
        {
            stream.OnRequestEnded();
            StartHandler(stream);
        }
    }

    /// <summary>
    /// Runs the stream's handler once its request has ended, on the read loop: the whole request
    /// is in, so a unary call reads it, runs and answers without a thread hop, which is most of
    /// the cost of a kubelet's small polling calls. A request still arriving gets its handler
    /// off the loop at its first DATA frame, so that it reads (and credits flow control) while
    /// the loop takes the rest.
    /// </summary>
    private void StartHandler(Http2Stream stream)
    {
        if (stream.ClaimHandler())
            _ = RunHandlerAsync(stream, offLoop: !stream.RequestEnded);
    }

    private async Task RunHandlerAsync(Http2Stream stream, bool offLoop)
    {
        if (offLoop)
            await Task.Yield();
        try
        {
            await _handler(stream).ConfigureAwait(false);
            if (!stream.ResponseEnded)
                await stream.ResetAsync(Http2ErrorCode.InternalError).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The stream or the connection went away under the handler.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "http2 {Connection}: handler for stream {Stream} ({Path}) failed", _name, stream.Id, stream.Headers.Path);
            if (!stream.ResponseEnded)
                await stream.ResetAsync(Http2ErrorCode.InternalError).ConfigureAwait(false);
        }
        finally
        {
            HandlerEnded();
        }
    }

    private void HandlerEnded()
    {
        lock (_lock)
        {
            _runningHandlers--;
            if (_runningHandlers == 0 && _goingAway)
                _drained.TrySetResult();
        }
    }

    private static ValueTask OnPriority(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (header.StreamId == 0)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "PRIORITY on stream 0");
        if (header.Length != 5)
            throw new Http2StreamException(header.StreamId, Http2ErrorCode.FrameSizeError, $"PRIORITY of {header.Length} octets");
        if (ReadUInt31(payload) == header.StreamId)
            throw new Http2StreamException(header.StreamId, Http2ErrorCode.ProtocolError, $"stream {header.StreamId} depends on itself");
        return ValueTask.CompletedTask;
    }

    private ValueTask OnRstStream(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        RequireStream(header);
        if (header.Length != 4)
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"RST_STREAM of {header.Length} octets");
        var code = (Http2ErrorCode)ReadUInt32(payload);
        var stream = FindStream(header.StreamId);
        if (stream is not null)
        {
            var uncredited = stream.Close(new OperationCanceledException($"stream {stream.Id} reset by the client ({code})"));
            Forget(stream, uncredited);
        }
        return ValueTask.CompletedTask;
    }

    private async ValueTask OnSettingsAsync(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (header.StreamId != 0)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "SETTINGS on a stream");
        if (header.Has(Http2FrameFlags.Ack))
        {
            if (header.Length != 0)
                throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "SETTINGS acknowledgement with a payload");
            return;
        }
        if (header.Length % 6 != 0)
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"SETTINGS of {header.Length} octets");
        _sawSettings = true;

        var settings = _peerSettings;
        var raw = payload.ToArray();
        for (var i = 0; i < raw.Length; i += 6)
        {
            var id = (Http2SettingId)BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(i));
            settings = settings.With(id, BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(i + 2)));
        }
        ApplyPeerSettings(settings);
        await Writer.WriteSettingsAckAsync().ConfigureAwait(false);
    }

    private void ApplyPeerSettings(Http2Settings settings)
    {
        var delta = settings.InitialWindowSize - _peerSettings.InitialWindowSize;
        if (delta != 0)
        {
            lock (_lock)
            {
                foreach (var stream in _streams.Values)
                {
                    if (!stream.SendWindow.TryGrow(delta))
                        throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, $"SETTINGS_INITIAL_WINDOW_SIZE pushes stream {stream.Id}'s window past 2^31-1");
                }
            }
        }
        if (settings.HeaderTableSize != _peerSettings.HeaderTableSize)
            Writer.SetPeerHeaderTableSize(Math.Min(settings.HeaderTableSize, Http2Limits.DefaultHeaderTableSize));
        Writer.PeerMaxFrameSize = settings.MaxFrameSize;
        _peerSettings = settings;
    }

    private async ValueTask OnPingAsync(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (header.StreamId != 0)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "PING on a stream");
        if (header.Length != 8)
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"PING of {header.Length} octets");
        if (header.Has(Http2FrameFlags.Ack))
            return;
        Span<byte> opaque = stackalloc byte[8];
        payload.CopyTo(opaque);
        await Writer.WritePingAsync(BinaryPrimitives.ReadUInt64BigEndian(opaque), ack: true).ConfigureAwait(false);
    }

    private ValueTask OnGoAway(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (header.StreamId != 0)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "GOAWAY on a stream");
        if (header.Length < 8)
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"GOAWAY of {header.Length} octets");
        // The client opens no more streams; those in flight finish, then it closes the connection.
        _logger.LogDebug("http2 {Connection}: client sent GOAWAY ({Code})", _name, (Http2ErrorCode)ReadUInt32(payload.Slice(4)));
        return ValueTask.CompletedTask;
    }

    private ValueTask OnWindowUpdate(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (header.Length != 4)
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"WINDOW_UPDATE of {header.Length} octets");
        var increment = ReadUInt31(payload);
        if (header.StreamId == 0)
        {
            if (increment == 0)
                throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "WINDOW_UPDATE with an increment of 0");
            if (!_sendWindow.TryGrow(increment))
                throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, "WINDOW_UPDATE pushes the connection window past 2^31-1");
            return ValueTask.CompletedTask;
        }
        RequireStream(header);
        var stream = FindStream(header.StreamId);
        if (stream is null)
            return ValueTask.CompletedTask;
        if (increment == 0)
            throw new Http2StreamException(header.StreamId, Http2ErrorCode.ProtocolError, $"stream {header.StreamId}: WINDOW_UPDATE with an increment of 0");
        if (!stream.SendWindow.TryGrow(increment))
            throw new Http2StreamException(header.StreamId, Http2ErrorCode.FlowControlError, $"stream {header.StreamId}: WINDOW_UPDATE pushes the window past 2^31-1");
        return ValueTask.CompletedTask;
    }

    /// <summary>Frames for a stream the client has not opened yet are a connection error (RFC 9113 5.1, "idle").</summary>
    private void RequireStream(Http2FrameHeader header)
    {
        if (header.StreamId == 0)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"{header.Type} on stream 0");
        if (header.StreamId > _lastStreamId)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"{header.Type} on idle stream {header.StreamId}");
    }

    private Http2Stream? FindStream(int streamId)
    {
        lock (_lock)
            return _streams.GetValueOrDefault(streamId);
    }

    private void Forget(Http2Stream stream, long uncredited)
    {
        lock (_lock)
            _streams.Remove(stream.Id);
        // Reset before its request ended: its handler will never run, and must not hold up a drain.
        if (stream.ClaimHandler())
            HandlerEnded();
        if (uncredited > 0)
            _ = CreditConnectionAsync((int)uncredited).AsTask();
    }

    /// <summary>False when the stream was reset already.</summary>
    private bool RememberReset(int streamId)
    {
        lock (_lock)
        {
            if (!_resetByUs.Add(streamId))
                return false;
            _resetOrder.Enqueue(streamId);
            if (_resetOrder.Count > RememberedResets)
                _resetByUs.Remove(_resetOrder.Dequeue());
            return true;
        }
    }

    private bool WasResetByUs(int streamId)
    {
        lock (_lock)
            return _resetByUs.Contains(streamId);
    }

    private async ValueTask CreditConnectionAsync(int octets)
    {
        var increment = _receiveWindow.Credit(octets);
        if (increment > 0)
            await Writer.WriteWindowUpdateAsync(0, increment).ConfigureAwait(false);
    }

    private async Task SendWindowUpdatesAsync(int streamId, int streamIncrement, int connectionIncrement)
    {
        try
        {
            if (streamIncrement > 0)
                await Writer.WriteWindowUpdateAsync(streamId, streamIncrement).ConfigureAwait(false);
            if (connectionIncrement > 0)
                await Writer.WriteWindowUpdateAsync(0, connectionIncrement).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection is going away; the peer will not need the window.
        }
    }

    private async ValueTask SendGoAwayAsync(Http2ErrorCode code, string reason)
    {
        int lastStreamId;
        lock (_lock)
        {
            if (_goingAway && code == Http2ErrorCode.NoError)
                return;
            _goingAway = true;
            lastStreamId = _lastStreamId;
        }
        try
        {
            await Writer.WriteGoAwayAsync(lastStreamId, code, reason).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The peer is gone already.
        }
    }

    private void CloseAllStreams(Exception reason)
    {
        List<Http2Stream> streams;
        lock (_lock)
        {
            streams = [.. _streams.Values];
            _streams.Clear();
        }
        foreach (var stream in streams)
        {
            stream.Close(reason);
            if (stream.ClaimHandler())
                HandlerEnded();
        }
        _sendWindow.Abort();
    }

    private static ReadOnlySequence<byte> StripPadding(Http2FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (!header.Has(Http2FrameFlags.Padded))
            return payload;
        if (payload.Length < 1)
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"padded {header.Type} without a pad length");
        var padLength = payload.FirstSpan[0];
        if (padLength >= payload.Length)
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"{header.Type} padding of {padLength} octets exceeds the payload");
        return payload.Slice(1, payload.Length - 1 - padLength);
    }

    private static uint ReadUInt32(ReadOnlySequence<byte> payload)
    {
        Span<byte> raw = stackalloc byte[4];
        payload.Slice(0, 4).CopyTo(raw);
        return BinaryPrimitives.ReadUInt32BigEndian(raw);
    }

    private static int ReadUInt31(ReadOnlySequence<byte> payload) => (int)(ReadUInt32(payload) & 0x7fff_ffff);
}
