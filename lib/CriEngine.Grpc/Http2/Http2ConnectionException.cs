namespace CriEngine.Grpc.Http2;

/// <summary>A connection error (RFC 9113 5.4.1): answered with GOAWAY, then the connection closes.</summary>
public sealed class Http2ConnectionException(Http2ErrorCode code, string message) : Exception(message)
{
    public Http2ErrorCode Code { get; } = code;
}
