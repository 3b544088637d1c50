using System.Buffers;
using CriEngine.Streaming.Native;

namespace CriEngine.Streaming.Spdy;

/// <summary>
/// Compresses the header blocks one side of a connection sends: one zlib stream for the
/// connection's life, so blocks must be compressed in the order their frames are written.
/// </summary>
internal sealed class SpdyHeaderCompressor : IDisposable
{
    // What Go's SPDY framer uses; the level does not change what the peer can read.
    private const int BestCompression = 9;

    private readonly ZStreamHandle _deflater = Zlib.CreateDeflater(BestCompression, SpdyHeaderDictionary.Bytes);
    private readonly ArrayBufferWriter<byte> _plain = new(256);

    public void Write(SpdyHeaders headers, IBufferWriter<byte> output)
    {
        _plain.ResetWrittenCount();
        SpdyHeaderBlock.Write(headers, _plain);
        Zlib.DeflateSync(_deflater, _plain.WrittenSpan, output);
    }

    public void Dispose() => _deflater.Dispose();
}
