using System.Buffers;

namespace CriEngine.Streaming.Spdy;

/// <summary>Decodes the payload of SPDY/3 control frames.</summary>
internal static class SpdyControlFrameReader
{
    private const uint StreamIdMask = 0x7FFF_FFFF;

    /// <summary>
    /// The frame, or null for a type SPDY/3 does not define (the spec says to ignore those).
    /// Throws <see cref="InvalidDataException"/> for a malformed payload.
    /// </summary>
    public static SpdyControlFrame? Read(SpdyFrameHeader header, ReadOnlySequence<byte> payload, SpdyHeaderDecompressor decompressor)
    {
        var reader = new SequenceReader<byte>(payload);
        return header.Type switch
        {
            SpdyFrameType.SynStream => new SynStreamFrame(
                StreamId(ref reader), StreamId(ref reader), (byte)(Byte(ref reader) >> 5), Byte(ref reader), header.Flags,
                decompressor.Read(reader.UnreadSequence)),
            SpdyFrameType.SynReply => new SynReplyFrame(StreamId(ref reader), header.Flags, decompressor.Read(reader.UnreadSequence)),
            SpdyFrameType.Headers => new HeadersFrame(StreamId(ref reader), header.Flags, decompressor.Read(reader.UnreadSequence)),
            SpdyFrameType.RstStream => Exactly(ref reader, new RstStreamFrame(StreamId(ref reader), (SpdyRstStatus)UInt32(ref reader))),
            SpdyFrameType.Settings => ReadSettings(ref reader, header.Flags),
            SpdyFrameType.Ping => Exactly(ref reader, new PingFrame(UInt32(ref reader))),
            SpdyFrameType.GoAway => Exactly(ref reader, new GoAwayFrame(StreamId(ref reader), UInt32(ref reader))),
            SpdyFrameType.WindowUpdate => Exactly(ref reader, new WindowUpdateFrame(StreamId(ref reader), UInt32(ref reader) & StreamIdMask)),
            _ => null,
        };
    }

    private static SettingsFrame ReadSettings(ref SequenceReader<byte> reader, byte flags)
    {
        var count = UInt32(ref reader);
        if (reader.Remaining != count * 8L)
            throw new InvalidDataException($"SPDY SETTINGS: {count} entries do not fill {reader.Remaining} bytes");
        var settings = new List<SpdySetting>((int)count);
        for (var i = 0; i < count; i++)
        {
            var flagsAndId = UInt32(ref reader);
            settings.Add(new SpdySetting((byte)(flagsAndId >> 24), flagsAndId & 0xFFFFFF, UInt32(ref reader)));
        }
        return new SettingsFrame(flags, settings);
    }

    private static T Exactly<T>(ref SequenceReader<byte> reader, T frame) where T : SpdyControlFrame =>
        reader.End ? frame : throw new InvalidDataException($"SPDY {frame.Type}: {reader.Remaining} bytes too many");

    private static uint StreamId(ref SequenceReader<byte> reader) => UInt32(ref reader) & StreamIdMask;

    private static uint UInt32(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out int value) ? (uint)value : throw new InvalidDataException("SPDY control frame: truncated payload");

    private static byte Byte(ref SequenceReader<byte> reader) =>
        reader.TryRead(out var value) ? value : throw new InvalidDataException("SPDY control frame: truncated payload");
}
