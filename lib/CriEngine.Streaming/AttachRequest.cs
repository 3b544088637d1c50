namespace CriEngine.Streaming;

/// <summary>A CRI Attach request: which streams the client wants.</summary>
/// <param name="AuditRequestId">The API server's audit ID of the request that asked for the session, logged with it.</param>
public sealed record AttachRequest(string ContainerId, bool Tty, bool Stdin, bool Stdout, bool Stderr, string AuditRequestId = "");
