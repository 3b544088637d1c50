namespace CriEngine.Streaming;

/// <summary>
/// A CRI PortForward request. SPDY clients name a port per stream; WebSocket clients name
/// them in the <c>?port=</c> query, and <see cref="Ports"/> is used when they do not.
/// </summary>
public sealed record PortForwardRequest(string PodSandboxId, IReadOnlyList<int> Ports);
