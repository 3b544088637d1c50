using System.Buffers;
using CriEngine.Streaming.Spdy;

namespace CriEngine.TestSupport.Streaming;

/// <summary>Decodes one direction of a SPDY session with the library's own reader: one header decompressor for the whole direction.</summary>
internal sealed class SpdyFrameDecoder : IDisposable
{
    private readonly SpdyHeaderDecompressor _decompressor = new();
    private readonly List<byte> _pending = [];

    /// <summary>Adds bytes and returns the frames they complete.</summary>
    public List<DecodedFrame> Add(ReadOnlySpan<byte> bytes)
    {
        _pending.AddRange(bytes);
        var frames = new List<DecodedFrame>();
        while (true)
        {
            var buffer = new ReadOnlySequence<byte>([.. _pending]);
            if (!SpdyFrameHeader.TryRead(buffer, out var header) || buffer.Length < SpdyFrameHeader.Size + header.Length)
                return frames;
            var payload = buffer.Slice(SpdyFrameHeader.Size, header.Length);
            frames.Add(header.IsControl
                ? new DecodedFrame(SpdyControlFrameReader.Read(header, payload, _decompressor), 0, 0, [])
                : new DecodedFrame(null, header.StreamId, header.Flags, payload.ToArray()));
            _pending.RemoveRange(0, SpdyFrameHeader.Size + header.Length);
        }
    }

    /// <summary>Bytes left that do not make a whole frame.</summary>
    public int Leftover => _pending.Count;

    public static List<DecodedFrame> DecodeAll(ReadOnlySpan<byte> bytes, out int leftover)
    {
        using var decoder = new SpdyFrameDecoder();
        var frames = decoder.Add(bytes);
        leftover = decoder.Leftover;
        return frames;
    }

    public void Dispose() => _decompressor.Dispose();
}
