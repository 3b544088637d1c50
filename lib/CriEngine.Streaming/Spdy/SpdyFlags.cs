namespace CriEngine.Streaming.Spdy;

/// <summary>Flag bits of SPDY/3 frames.</summary>
internal static class SpdyFlags
{
    /// <summary>The sender's last frame on the stream (DATA, SYN_STREAM, SYN_REPLY, HEADERS).</summary>
    public const byte Fin = 0x01;

    /// <summary>SYN_STREAM: the recipient may not send on the stream.</summary>
    public const byte Unidirectional = 0x02;
}
