namespace CriEngine.Streaming;

/// <summary>A CRI Attach request: which streams the client wants.</summary>
public sealed record AttachRequest(string ContainerId, bool Tty, bool Stdin, bool Stdout, bool Stderr);
