namespace CriEngine.Streaming;

/// <summary>A CRI Exec request: which streams the client wants and the command to run.</summary>
/// <param name="AuditRequestId">The API server's audit ID of the request that asked for the session, logged with it.</param>
public sealed record ExecRequest(string ContainerId, IReadOnlyList<string> Command, bool Tty, bool Stdin, bool Stdout, bool Stderr, string AuditRequestId = "");
