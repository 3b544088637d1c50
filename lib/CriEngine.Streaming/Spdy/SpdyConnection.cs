using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace CriEngine.Streaming.Spdy;

/// <summary>
/// The server side of a SPDY/3.1 session over an upgraded HTTP/1.1 connection: clients open
/// streams, the server answers each with SYN_REPLY (or RST_STREAM when refused). Frames are
/// written one at a time under a lock, so header compression follows the write order.
/// Flow control: this side grants windows with WINDOW_UPDATE as data is consumed; it holds
/// back its own DATA by the client's windows once the client shows it does flow control (a
/// WINDOW_UPDATE or SETTINGS frame). Kubernetes' Go clients (moby/spdystream) never send
/// those and never grant window, so for them windows cannot be honoured without stalling.
/// </summary>
internal sealed class SpdyConnection : IAsyncDisposable
{
    public const int DefaultWindow = 64 * 1024;
    // Each frame costs a write to the client: large frames carry bulk output (a port forward) at
    // a fraction of the cost; a client that does flow control still gets no more than its window.
    private const int MaxDataFrame = 256 * 1024;
    private const uint InitialWindowSetting = 7;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly Stream _transport;
    private readonly PipeReader _reader;
    private readonly ILogger _logger;
    private readonly Action _onActivity;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _frame = new(MaxDataFrame + SpdyFrameHeader.Size);
    private readonly SpdyHeaderCompressor _compressor = new();
    private readonly SpdyHeaderDecompressor _decompressor = new();
    private readonly Dictionary<uint, SpdyStream> _streams = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _windowChanged = NewSignal();
    private uint _lastStreamId;
    private bool _peerDoesFlowControl;
    private long _connectionSendWindow = DefaultWindow;
    private long _initialStreamSendWindow = DefaultWindow;
    private int _connectionUnacknowledged;
    private bool _goneAway;
    private bool _goAwaySent;
    private bool _closed;

    public SpdyConnection(Stream transport, ILogger logger, Action? onActivity = null)
    {
        _transport = transport;
        _reader = PipeReader.Create(transport, new StreamPipeReaderOptions(leaveOpen: true));
        _logger = logger;
        _onActivity = onActivity ?? (() => { });
    }

    /// <summary>
    /// Reads frames until the client closes the connection, a protocol error (answered with
    /// GOAWAY and logged), or cancellation. <paramref name="accept"/> sees each new stream
    /// and says whether to accept it; <paramref name="onReplied"/> gets it once its SYN_REPLY
    /// is written, so that nothing is sent on it before. When this returns, every stream's
    /// input has ended.
    /// </summary>
    public async Task RunAsync(Func<SpdyStream, bool> accept, Action<SpdyStream> onReplied, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (SpdyFrameHeader.TryRead(buffer, out var header) && buffer.Length >= SpdyFrameHeader.Size + header.Length)
                {
                    var payload = buffer.Slice(SpdyFrameHeader.Size, header.Length);
                    _onActivity();
                    await HandleFrameAsync(header, payload, accept, onReplied, cancellationToken);
                    buffer = buffer.Slice(payload.End);
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                        _logger.LogDebug("SPDY: connection closed inside a frame ({Bytes} bytes left)", buffer.Length);
                    _reader.AdvanceTo(buffer.End);
                    return;
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (InvalidDataException e)
        {
            _logger.LogWarning("SPDY: protocol error from the client, closing the connection: {Error}", e.Message);
            using var grace = new CancellationTokenSource(CloseGrace);
            await TryGoAwayAsync(SpdyGoAwayStatus.ProtocolError, grace.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug("SPDY: connection ended: {Error}", e.Message);
        }
        finally
        {
            EndAllInput();
            await _reader.CompleteAsync();
        }
    }

    /// <summary>
    /// Ends the session as Kubernetes' server does: every stream this side has not finished
    /// is reset (CANCEL), then GOAWAY names the last stream the client opened. A client that
    /// stopped reading gets a few seconds for this; the connection is closed after anyway.
    /// </summary>
    public async Task CloseAsync()
    {
        using var grace = new CancellationTokenSource(CloseGrace);
        SpdyStream[] open;
        lock (_lock)
            open = [.. _streams.Values.Where(s => !s.LocalClosed).OrderBy(s => s.Id)];
        foreach (var stream in open)
            await TryResetAsync(stream, SpdyRstStatus.Cancel, grace.Token);
        await TryGoAwayAsync(SpdyGoAwayStatus.Ok, grace.Token);
    }

    public async Task ResetAsync(SpdyStream stream, SpdyRstStatus status, CancellationToken cancellationToken = default)
    {
        stream.LocalClosed = true;
        stream.StopReading();
        await WriteControlAsync(new RstStreamFrame(stream.Id, status), cancellationToken);
    }

    internal async Task WriteDataAsync(SpdyStream stream, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        do
        {
            var count = Math.Min(data.Length, MaxDataFrame);
            if (count > 0)
                count = await ReserveWindowAsync(stream, count, cancellationToken);
            var last = count == data.Length;
            var chunk = data[..count];
            await WriteFrameAsync(stream, output => SpdyFrameWriter.WriteData(output, stream.Id, fin && last ? SpdyFlags.Fin : (byte)0, chunk.Span), cancellationToken);
            if (fin && last)
                stream.LocalClosed = true;
            data = data[count..];
        }
        while (!data.IsEmpty);
    }

    /// <summary>Grants the client window again for <paramref name="count"/> bytes the consumer took from <paramref name="stream"/>.</summary>
    internal async Task AcknowledgeAsync(SpdyStream stream, int count, CancellationToken cancellationToken)
    {
        int streamDelta = 0, connectionDelta = 0;
        lock (_lock)
        {
            stream.UnacknowledgedReceived += count;
            _connectionUnacknowledged += count;
            if (stream.UnacknowledgedReceived >= DefaultWindow / 2 && !stream.RemoteClosed)
            {
                streamDelta = stream.UnacknowledgedReceived;
                stream.UnacknowledgedReceived = 0;
            }
            if (_connectionUnacknowledged >= DefaultWindow / 2)
            {
                connectionDelta = _connectionUnacknowledged;
                _connectionUnacknowledged = 0;
            }
        }
        try
        {
            if (streamDelta > 0)
                await WriteControlAsync(new WindowUpdateFrame(stream.Id, (uint)streamDelta), cancellationToken);
            if (connectionDelta > 0)
                await WriteControlAsync(new WindowUpdateFrame(0, (uint)connectionDelta), cancellationToken);
        }
        catch (IOException)
        {
            // The client is gone; the reader still gets what was buffered.
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
            _closed = true;
        Signal();
        _compressor.Dispose();
        _decompressor.Dispose();
        await _transport.DisposeAsync();
    }

    private async Task HandleFrameAsync(SpdyFrameHeader header, ReadOnlySequence<byte> payload, Func<SpdyStream, bool> accept, Action<SpdyStream> onReplied, CancellationToken cancellationToken)
    {
        if (!header.IsControl)
        {
            await HandleDataAsync(header, payload, cancellationToken);
            return;
        }
        if (header.Version != SpdyFrameHeader.SpdyVersion)
            throw new InvalidDataException($"SPDY control frame of version {header.Version}, expected {SpdyFrameHeader.SpdyVersion}");
        switch (SpdyControlFrameReader.Read(header, payload, _decompressor))
        {
            case SynStreamFrame syn:
                await HandleSynStreamAsync(syn, accept, onReplied);
                break;
            case RstStreamFrame rst:
                HandleReset(rst);
                break;
            case SettingsFrame settings:
                HandleSettings(settings);
                break;
            case PingFrame ping when ping.Id % 2 == 1:
                // Odd ids are the client's own pings: echo them. Even ids would answer ours; this side sends none.
                await WriteControlAsync(ping, cancellationToken);
                break;
            case GoAwayFrame:
                lock (_lock)
                    _goneAway = true;
                break;
            case WindowUpdateFrame update:
                HandleWindowUpdate(update);
                break;
            case SynReplyFrame reply:
                // The server opens no streams, so there is nothing a reply can answer.
                await WriteControlAsync(new RstStreamFrame(reply.StreamId, SpdyRstStatus.InvalidStream), cancellationToken);
                break;
        }
    }

    private async Task HandleSynStreamAsync(SynStreamFrame syn, Func<SpdyStream, bool> accept, Action<SpdyStream> onReplied)
    {
        SpdyStream stream;
        lock (_lock)
        {
            if (syn.StreamId == 0 || syn.StreamId % 2 == 0 || syn.StreamId <= _lastStreamId)
                throw new InvalidDataException($"SPDY SYN_STREAM with stream id {syn.StreamId} after {_lastStreamId} (client streams are odd and increasing)");
            _lastStreamId = syn.StreamId;
            if (_goneAway)
                return;
            stream = new SpdyStream(this, syn.StreamId, syn.Headers, (int)_initialStreamSendWindow);
            _streams[syn.StreamId] = stream;
        }
        if (syn.IsFin)
        {
            stream.RemoteClosed = true;
            stream.CompleteInput();
        }
        if ((syn.Flags & SpdyFlags.Unidirectional) != 0)
            stream.LocalClosed = true;
        if (!accept(stream))
        {
            _logger.LogDebug("SPDY: refused stream {Stream} ({Headers})", stream.Id, stream.Headers);
            await ResetAsync(stream, SpdyRstStatus.RefusedStream);
            return;
        }
        await WriteControlAsync(new SynReplyFrame(stream.Id, 0, SpdyHeaders.Empty), CancellationToken.None);
        onReplied(stream);
    }

    private async Task HandleDataAsync(SpdyFrameHeader header, ReadOnlySequence<byte> payload, CancellationToken cancellationToken)
    {
        SpdyStream? stream;
        lock (_lock)
            _streams.TryGetValue(header.StreamId, out stream);
        if (stream is null)
        {
            await WriteControlAsync(new RstStreamFrame(header.StreamId, SpdyRstStatus.InvalidStream), cancellationToken);
            return;
        }
        if (stream.RemoteClosed)
        {
            // Data after FIN: the stream is broken. After our own RST it is just late and dropped.
            if (!stream.WasReset && !stream.LocalClosed)
                await ResetAsync(stream, SpdyRstStatus.StreamAlreadyClosed);
            return;
        }
        // A stream this side refused or reset has no reader any more: its data is dropped there.
        foreach (var segment in payload)
            await stream.DeliverAsync(segment, cancellationToken);
        if (header.IsFin)
        {
            stream.RemoteClosed = true;
            stream.CompleteInput();
        }
    }

    private void HandleReset(RstStreamFrame rst)
    {
        SpdyStream? stream;
        lock (_lock)
            _streams.TryGetValue(rst.StreamId, out stream);
        if (stream is null)
            return;
        stream.WasReset = true;
        stream.RemoteClosed = true;
        stream.LocalClosed = true;
        stream.CompleteInput();
        Signal();
    }

    private void HandleSettings(SettingsFrame settings)
    {
        foreach (var setting in settings.Settings)
        {
            if (setting.Id != InitialWindowSetting)
                continue;
            lock (_lock)
            {
                var delta = setting.Value - _initialStreamSendWindow;
                _initialStreamSendWindow = setting.Value;
                foreach (var stream in _streams.Values)
                    stream.SendWindow += delta;
                _peerDoesFlowControl = true;
            }
            Signal();
        }
    }

    private void HandleWindowUpdate(WindowUpdateFrame update)
    {
        lock (_lock)
        {
            _peerDoesFlowControl = true;
            if (update.StreamId == 0)
                _connectionSendWindow += update.DeltaWindowSize;
            else if (_streams.TryGetValue(update.StreamId, out var stream))
                stream.SendWindow += update.DeltaWindowSize;
        }
        Signal();
    }

    /// <summary>How many of <paramref name="wanted"/> bytes may be sent now, waiting while the client's windows are closed.</summary>
    private async Task<int> ReserveWindowAsync(SpdyStream stream, int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                ThrowIfUnwritable(stream);
                if (!_peerDoesFlowControl)
                    return wanted;
                var available = Math.Min(stream.SendWindow, _connectionSendWindow);
                if (available > 0)
                {
                    var granted = (int)Math.Min(wanted, available);
                    stream.SendWindow -= granted;
                    _connectionSendWindow -= granted;
                    return granted;
                }
                changed = _windowChanged.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    private void ThrowIfUnwritable(SpdyStream stream)
    {
        if (_closed)
            throw new IOException($"SPDY stream {stream.Id}: the connection is closed");
        if (stream.WasReset)
            throw new IOException($"SPDY stream {stream.Id}: reset by the client");
        if (stream.LocalClosed)
            throw new IOException($"SPDY stream {stream.Id}: already closed for writing");
    }

    private Task WriteControlAsync(SpdyControlFrame frame, CancellationToken cancellationToken) =>
        WriteFrameAsync(null, output => SpdyFrameWriter.WriteControl(output, frame, _compressor), cancellationToken);

    private async Task WriteFrameAsync(SpdyStream? dataStream, Action<IBufferWriter<byte>> encode, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (dataStream is not null)
            {
                lock (_lock)
                    ThrowIfUnwritable(dataStream);
            }
            else if (_closed)
            {
                throw new IOException("SPDY: the connection is closed");
            }
            _frame.ResetWrittenCount();
            encode(_frame);
            await _transport.WriteAsync(_frame.WrittenMemory, cancellationToken);
            await _transport.FlushAsync(cancellationToken);
            _onActivity();
        }
        catch (Exception e) when (e is not IOException and not OperationCanceledException)
        {
            throw new IOException($"SPDY: writing to the client failed: {e.Message}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task TryResetAsync(SpdyStream stream, SpdyRstStatus status, CancellationToken cancellationToken)
    {
        try
        {
            await ResetAsync(stream, status, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
    }

    /// <summary>Sends GOAWAY once per connection: after a protocol error the session's normal end sends none.</summary>
    private async Task TryGoAwayAsync(SpdyGoAwayStatus status, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _goneAway = true;
            if (_goAwaySent)
                return;
            _goAwaySent = true;
        }
        try
        {
            await WriteControlAsync(new GoAwayFrame(_lastStreamId, (uint)status), cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
    }

    private void EndAllInput()
    {
        SpdyStream[] streams;
        lock (_lock)
            streams = [.. _streams.Values];
        foreach (var stream in streams)
        {
            stream.RemoteClosed = true;
            stream.CompleteInput();
        }
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _windowChanged;
            _windowChanged = NewSignal();
        }
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
