namespace CriEngine.Streaming;

/// <summary>A port the runtime cannot forward to; the message is sent on the port's error stream.</summary>
public sealed class PortForwardException(string message, Exception? inner = null) : Exception(message, inner);
