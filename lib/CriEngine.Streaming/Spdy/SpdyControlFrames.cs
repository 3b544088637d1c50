namespace CriEngine.Streaming.Spdy;

/// <summary>A SPDY/3 control frame, its payload decoded (header blocks decompressed).</summary>
internal abstract record SpdyControlFrame(SpdyFrameType Type, byte Flags)
{
    public bool IsFin => (Flags & SpdyFlags.Fin) != 0;
}

internal sealed record SynStreamFrame(uint StreamId, uint AssociatedStreamId, byte Priority, byte Slot, byte Flags, SpdyHeaders Headers)
    : SpdyControlFrame(SpdyFrameType.SynStream, Flags);

internal sealed record SynReplyFrame(uint StreamId, byte Flags, SpdyHeaders Headers)
    : SpdyControlFrame(SpdyFrameType.SynReply, Flags);

internal sealed record RstStreamFrame(uint StreamId, SpdyRstStatus Status)
    : SpdyControlFrame(SpdyFrameType.RstStream, 0);

internal sealed record SettingsFrame(byte Flags, IReadOnlyList<SpdySetting> Settings)
    : SpdyControlFrame(SpdyFrameType.Settings, Flags);

internal readonly record struct SpdySetting(byte Flags, uint Id, uint Value);

internal sealed record PingFrame(uint Id)
    : SpdyControlFrame(SpdyFrameType.Ping, 0);

internal sealed record GoAwayFrame(uint LastGoodStreamId, uint Status)
    : SpdyControlFrame(SpdyFrameType.GoAway, 0);

internal sealed record HeadersFrame(uint StreamId, byte Flags, SpdyHeaders Headers)
    : SpdyControlFrame(SpdyFrameType.Headers, Flags);

internal sealed record WindowUpdateFrame(uint StreamId, uint DeltaWindowSize)
    : SpdyControlFrame(SpdyFrameType.WindowUpdate, 0);
