using System.Buffers;
using System.IO.Pipelines;

namespace CriEngine.Streaming;

/// <summary>
/// A stream of a streaming session as the runtime sees it, on either transport: reads come from
/// what the client sent on it (a pipe the session fills), writes go to the client through the
/// session. Asynchronous by nature; the synchronous members only wrap the asynchronous ones.
/// </summary>
internal abstract class SessionStream(PipeReader? input, bool canWrite, string name) : Stream
{
    public override bool CanRead => input is not null;

    public override bool CanWrite => canWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (input is null)
            throw new NotSupportedException($"{name} is write-only");
        if (buffer.IsEmpty)
            return 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var available = result.Buffer;
            if (available.IsEmpty)
            {
                input.AdvanceTo(available.End);
                if (result.IsCompleted)
                    return 0;
                continue;
            }
            var count = (int)Math.Min(buffer.Length, available.Length);
            available.Slice(0, count).CopyTo(buffer.Span);
            input.AdvanceTo(available.GetPosition(count));
            await ConsumedAsync(count, cancellationToken);
            return count;
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        canWrite ? SendAsync(buffer, cancellationToken) : throw new NotSupportedException($"{name} is read-only");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Sends <paramref name="buffer"/> to the client on this stream.</summary>
    protected abstract ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Called once <paramref name="count"/> bytes the client sent were read (SPDY opens its window by as much).</summary>
    protected virtual ValueTask ConsumedAsync(int count, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
