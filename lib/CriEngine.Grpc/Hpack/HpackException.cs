namespace CriEngine.Grpc.Hpack;

/// <summary>A header block that cannot be decoded: a COMPRESSION_ERROR for the connection.</summary>
public sealed class HpackException(string message) : Exception(message);
