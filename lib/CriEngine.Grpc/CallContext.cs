using CriEngine.Grpc.Http2;

namespace CriEngine.Grpc;

/// <summary>What a handler knows of its call besides the request message.</summary>
public sealed class CallContext(string method, RequestHeaders headers, DateTimeOffset? deadline, CancellationToken cancellationToken)
{
    /// <summary>The full method path, e.g. <c>/runtime.v1.RuntimeService/Version</c>.</summary>
    public string Method { get; } = method;

    public RequestHeaders Headers { get; } = headers;

    /// <summary>When the client gives up; null when it sent no grpc-timeout.</summary>
    public DateTimeOffset? Deadline { get; } = deadline;

    /// <summary>Cancelled at the deadline, when the client cancels, and when the server stops.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
