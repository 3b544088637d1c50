using System.Buffers;
using System.Buffers.Binary;

namespace CriEngine.Streaming.Spdy;

/// <summary>
/// The 8 bytes that start every SPDY/3 frame. A control frame has the high bit set, a
/// version and a type; a data frame has the stream id instead. Both end with 8 bits of flags
/// and a 24-bit payload length.
/// </summary>
internal readonly record struct SpdyFrameHeader(SpdyFrameType Type, ushort Version, uint StreamId, byte Flags, int Length)
{
    public const int Size = 8;
    public const ushort SpdyVersion = 3;
    public const int MaxLength = 0xFFFFFF;

    public bool IsControl => Type != SpdyFrameType.Data;

    public bool IsFin => (Flags & SpdyFlags.Fin) != 0;

    public static bool TryRead(ReadOnlySequence<byte> buffer, out SpdyFrameHeader header)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (buffer.Length < Size)
        {
            header = default;
            return false;
        }
        buffer.Slice(0, Size).CopyTo(bytes);
        var first = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var flags = bytes[4];
        var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]) & MaxLength);
        header = (first & 0x8000_0000) != 0
            ? new SpdyFrameHeader((SpdyFrameType)(ushort)first, (ushort)((first >> 16) & 0x7FFF), 0, flags, length)
            : new SpdyFrameHeader(SpdyFrameType.Data, SpdyVersion, first, flags, length);
        return true;
    }

    public void Write(Span<byte> destination)
    {
        var first = IsControl ? 0x8000_0000u | ((uint)Version << 16) | (ushort)Type : StreamId & 0x7FFF_FFFF;
        BinaryPrimitives.WriteUInt32BigEndian(destination, first);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)Flags << 24) | (uint)Length);
    }
}
