namespace CriEngine.Streaming;

/// <summary>A CRI Exec request: which streams the client wants and the command to run.</summary>
public sealed record ExecRequest(string ContainerId, IReadOnlyList<string> Command, bool Tty, bool Stdin, bool Stdout, bool Stderr);
