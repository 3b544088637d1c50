namespace CriEngine.Grpc.Http2;

/// <summary>Protocol constants of RFC 9113.</summary>
public static class Http2Limits
{
    public const int FrameHeaderLength = 9;
    public const int DefaultMaxFrameSize = 16_384;
    public const int MaxAllowedFrameSize = 16_777_215;
    public const int DefaultInitialWindowSize = 65_535;
    public const int MaxWindowSize = int.MaxValue;
    public const int DefaultHeaderTableSize = 4_096;

    public static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;
}
