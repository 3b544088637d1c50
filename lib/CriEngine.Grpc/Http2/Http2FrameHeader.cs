using System.Buffers.Binary;

namespace CriEngine.Grpc.Http2;

/// <summary>The 9-octet header every frame starts with.</summary>
public readonly record struct Http2FrameHeader(int Length, Http2FrameType Type, Http2FrameFlags Flags, int StreamId)
{
    public bool Has(Http2FrameFlags flag) => (Flags & flag) == flag;

    public static Http2FrameHeader Read(ReadOnlySpan<byte> source)
    {
        var length = (source[0] << 16) | (source[1] << 8) | source[2];
        // The reserved high bit of the stream identifier is ignored on receipt (RFC 9113 4.1).
        var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(source[5..]) & 0x7fff_ffff);
        return new Http2FrameHeader(length, (Http2FrameType)source[3], (Http2FrameFlags)source[4], streamId);
    }

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)(Length >> 16);
        destination[1] = (byte)(Length >> 8);
        destination[2] = (byte)Length;
        destination[3] = (byte)Type;
        destination[4] = (byte)Flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)StreamId);
    }
}
