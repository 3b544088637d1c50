namespace CriEngine.Streaming.Spdy;

/// <summary>The <see cref="Stream"/> face of a <see cref="SpdyStream"/>, handed to the runtime.</summary>
internal sealed class SpdyStreamAdapter(SpdyStream stream, SpdyConnection connection, bool canRead, bool canWrite)
    : SessionStream(canRead ? stream.Input : null, canWrite, $"stream {stream.Id}")
{
    private bool _disposed;

    protected override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) =>
        new(stream.WriteAsync(buffer, cancellationToken));

    protected override async ValueTask ConsumedAsync(int count, CancellationToken cancellationToken) =>
        await connection.AcknowledgeAsync(stream, count, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await CloseOutputAsync();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            CloseOutputAsync().GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }

    private async Task CloseOutputAsync()
    {
        if (!CanWrite)
            return;
        try
        {
            await stream.CloseAsync();
        }
        catch (IOException)
        {
            // The client is gone: there is nobody left to tell.
        }
    }
}
