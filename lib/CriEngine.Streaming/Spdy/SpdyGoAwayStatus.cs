namespace CriEngine.Streaming.Spdy;

/// <summary>Status codes of GOAWAY (SPDY/3 section 2.6.6).</summary>
internal enum SpdyGoAwayStatus : uint
{
    Ok = 0,
    ProtocolError = 1,
    InternalError = 2,
}
