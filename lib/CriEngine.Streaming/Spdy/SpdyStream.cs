using System.IO.Pipelines;

namespace CriEngine.Streaming.Spdy;

/// <summary>
/// One stream the client opened. What the client sends is buffered in a pipe whose reader is
/// <see cref="Input"/>; a full pipe holds up the connection's reader (Kubernetes' SPDY
/// clients ignore flow control, so the TCP window is the backpressure that works for them).
/// </summary>
internal sealed class SpdyStream
{
    private const long PauseAt = 1024 * 1024;

    private readonly SpdyConnection _connection;
    private readonly Pipe _incoming = new(new PipeOptions(pauseWriterThreshold: PauseAt, resumeWriterThreshold: PauseAt / 2, useSynchronizationContext: false));

    public SpdyStream(SpdyConnection connection, uint id, SpdyHeaders headers, int sendWindow)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
        SendWindow = sendWindow;
    }

    public uint Id { get; }

    public SpdyHeaders Headers { get; }

    public PipeReader Input => _incoming.Reader;

    /// <summary>This side sent FIN or RST_STREAM: nothing more may be written.</summary>
    public bool LocalClosed { get; internal set; }

    /// <summary>The client sent FIN or RST_STREAM: nothing more will arrive.</summary>
    public bool RemoteClosed { get; internal set; }

    public bool WasReset { get; internal set; }

    /// <summary>Bytes the client still accepts on this stream (SPDY/3.1 stream window), guarded by the connection.</summary>
    internal long SendWindow { get; set; }

    /// <summary>Bytes consumed since the last WINDOW_UPDATE this side sent for the stream.</summary>
    internal int UnacknowledgedReceived { get; set; }

    public Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _connection.WriteDataAsync(this, data, fin: false, cancellationToken);

    /// <summary>Half-closes the stream (an empty DATA frame with FIN) unless already closed this way or reset.</summary>
    public Task CloseAsync(CancellationToken cancellationToken = default) =>
        LocalClosed ? Task.CompletedTask : _connection.WriteDataAsync(this, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken);

    /// <summary>A <see cref="Stream"/> over this SPDY stream: reads what the client sends, writes DATA frames, FIN on dispose.</summary>
    public Stream AsStream(bool canRead, bool canWrite) => new SpdyStreamAdapter(this, _connection, canRead, canWrite);

    internal async ValueTask DeliverAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
            return;
        // When the consumer stopped reading for good (refused or reset stream) the pipe drops the data.
        await _incoming.Writer.WriteAsync(data, cancellationToken);
    }

    internal void CompleteInput() => _incoming.Writer.Complete();

    internal void StopReading() => _incoming.Reader.Complete();
}
