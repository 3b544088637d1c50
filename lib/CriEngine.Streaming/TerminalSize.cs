namespace CriEngine.Streaming;

/// <summary>A terminal size the client asked for, in columns and rows.</summary>
public readonly record struct TerminalSize(ushort Width, ushort Height);
