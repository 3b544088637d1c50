using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;

namespace CriEngine.Grpc.Http2;

/// <summary>
/// The request body of one stream, as the connection receives it. Flow control credits the
/// octets the reader has examined, not only those it consumed: a reader that needs a whole
/// message before it can consume anything (gRPC) must still be sent the rest of it. What it
/// holds is bounded by what the reader is willing to buffer (gRPC's message size limit).
/// </summary>
public sealed class Http2RequestBody
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Action<int> _credit;
    private ReadOnlySequence<byte> _lastRead;
    private long _consumed;
    private long _credited;

    internal Http2RequestBody(Action<int> credit) => _credit = credit;

    public async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        var result = await _pipe.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        _lastRead = result.Buffer;
        return result;
    }

    public void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var examinedEnd = _consumed + _lastRead.Slice(_lastRead.Start, examined).Length;
        _consumed += _lastRead.Slice(_lastRead.Start, consumed).Length;
        _lastRead = default;
        _pipe.Reader.AdvanceTo(consumed, examined);
        if (examinedEnd > _credited)
        {
            var credit = (int)(examinedEnd - _credited);
            _credited = examinedEnd;
            _credit(credit);
        }
    }

    internal void Append(ReadOnlySpan<byte> data)
    {
        _pipe.Writer.Write(data);
        // Never waits: the pipe has no pause threshold, flow control bounds what arrives.
        var flush = _pipe.Writer.FlushAsync();
        Debug.Assert(flush.IsCompleted);
    }

    internal void Complete(Exception? error = null) => _pipe.Writer.Complete(error);
}
