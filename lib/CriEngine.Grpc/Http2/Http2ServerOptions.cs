namespace CriEngine.Grpc.Http2;

/// <summary>What the server advertises and enforces on each connection.</summary>
public sealed record Http2ServerOptions
{
    public int MaxConcurrentStreams { get; init; } = 1000;

    /// <summary>Per stream. Large enough that a message of a few MB needs few round trips.</summary>
    public int InitialStreamWindowSize { get; init; } = 1 << 20;

    /// <summary>Shared by all streams of a connection.</summary>
    public int ConnectionWindowSize { get; init; } = 8 << 20;

    public int MaxHeaderListSize { get; init; } = 64 << 10;

    /// <summary>The most a header block may take across HEADERS and CONTINUATION frames before it is refused.</summary>
    public int MaxHeaderBlockSize { get; init; } = 256 << 10;
}
