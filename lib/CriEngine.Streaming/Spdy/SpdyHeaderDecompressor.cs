using System.Buffers;
using CriEngine.Streaming.Native;

namespace CriEngine.Streaming.Spdy;

/// <summary>
/// Inflates the header blocks one side of a connection receives: one zlib stream for the
/// connection's life, fed every block in order, even those of frames that are then refused.
/// </summary>
internal sealed class SpdyHeaderDecompressor : IDisposable
{
    /// <summary>The largest uncompressed block accepted: Kubernetes sends a few short headers.</summary>
    public const int MaxBlockSize = 64 * 1024;

    private readonly ZStreamHandle _inflater = Zlib.CreateInflater();

    public SpdyHeaders Read(ReadOnlySequence<byte> compressed)
    {
        ReadOnlySpan<byte> input = compressed.IsSingleSegment ? compressed.FirstSpan : compressed.ToArray();
        var output = ArrayPool<byte>.Shared.Rent(MaxBlockSize + 1);
        try
        {
            var length = Zlib.Inflate(_inflater, input, output.AsSpan(0, MaxBlockSize + 1), SpdyHeaderDictionary.Bytes);
            if (length < 0)
                throw new InvalidDataException($"SPDY header block larger than {MaxBlockSize} bytes");
            return SpdyHeaderBlock.Read(output.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    public void Dispose() => _inflater.Dispose();
}
