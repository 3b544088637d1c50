using System.Net.Sockets;
using CriEngine.DBus.Native;

namespace CriEngine.DBus;

/// <summary>
/// The connection's stream, with every write of the SASL exchange, BEGIN included, held until
/// the peer has read it. systemd's sd-bus (252 at least) loses track of a message that arrives
/// in the same read as BEGIN: it stays in its buffer unprocessed until more bytes come, so the
/// first call on its private socket would wait for ever. Holding BEGIN until it is read makes the
/// first message arrive in a read of its own. The exchange is a request and an answer per line,
/// so the wait costs nothing.
/// </summary>
internal sealed class SaslPacedStream(Socket socket) : Stream
{
    private static readonly TimeSpan PeerReadPoll = TimeSpan.FromMilliseconds(1);
    private readonly NetworkStream _inner = new(socket, ownsSocket: true);
    private bool _begun;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (_begun)
            return;
        _begun = buffer.Span.EndsWith("BEGIN\r\n"u8);
        while (UnreadBytes.Of(socket) > 0)
            await Task.Delay(PeerReadPoll, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the D-Bus connection writes asynchronously");

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the D-Bus connection reads asynchronously");

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush()
    {
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner.Dispose();
        base.Dispose(disposing);
    }
}
