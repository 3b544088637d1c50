namespace CriEngine.Grpc.Http2;

/// <summary>A stream error (RFC 9113 5.4.2): answered with RST_STREAM; the connection goes on.</summary>
public sealed class Http2StreamException(int streamId, Http2ErrorCode code, string message) : Exception(message)
{
    public int StreamId { get; } = streamId;

    public Http2ErrorCode Code { get; } = code;
}
