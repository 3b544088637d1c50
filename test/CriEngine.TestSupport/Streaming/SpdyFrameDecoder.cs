using System.Buffers;
using CriEngine.Streaming.Spdy;

namespace CriEngine.TestSupport.Streaming;

/// <summary>Decodes one direction of a SPDY session with the library's own reader: one header decompressor for the whole direction.</summary>
internal sealed class SpdyFrameDecoder : IDisposable
{
    private readonly SpdyHeaderDecompressor _decompressor = new();
    // The bytes not yet decoded are _buffer[_start.._end]: a frame stays whole in one array.
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Adds bytes and returns the frames they complete.</summary>
    public List<DecodedFrame> Add(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
        var frames = new List<DecodedFrame>();
        while (true)
        {
            var buffer = new ReadOnlySequence<byte>(_buffer, _start, _end - _start);
            if (!SpdyFrameHeader.TryRead(buffer, out var header) || buffer.Length < SpdyFrameHeader.Size + header.Length)
                return frames;
            var payload = buffer.Slice(SpdyFrameHeader.Size, header.Length);
            frames.Add(header.IsControl
                ? new DecodedFrame(SpdyControlFrameReader.Read(header, payload, _decompressor), 0, 0, [])
                : new DecodedFrame(null, header.StreamId, header.Flags, payload.ToArray()));
            _start += SpdyFrameHeader.Size + header.Length;
        }
    }

    /// <summary>Bytes left that do not make a whole frame.</summary>
    public int Leftover => _end - _start;

    private void Reserve(int count)
    {
        if (_end + count <= _buffer.Length)
            return;
        var pending = _end - _start;
        var target = pending + count > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, pending + count)] : _buffer;
        Array.Copy(_buffer, _start, target, 0, pending);
        _buffer = target;
        _start = 0;
        _end = pending;
    }

    public static List<DecodedFrame> DecodeAll(ReadOnlySpan<byte> bytes, out int leftover)
    {
        using var decoder = new SpdyFrameDecoder();
        var frames = decoder.Add(bytes);
        leftover = decoder.Leftover;
        return frames;
    }

    public void Dispose() => _decompressor.Dispose();
}
