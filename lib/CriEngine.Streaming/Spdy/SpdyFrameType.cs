namespace CriEngine.Streaming.Spdy;

/// <summary>The type field of a SPDY/3 control frame; <see cref="Data"/> stands for data frames, which have none.</summary>
internal enum SpdyFrameType : ushort
{
    Data = 0,
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}
