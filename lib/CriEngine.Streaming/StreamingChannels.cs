using System.Threading.Channels;

namespace CriEngine.Streaming;

/// <summary>
/// The client's side of an exec or attach session. A stream the client did not ask for is
/// null. Reading <see cref="Stdin"/> returns 0 once the client closed it. Disposing
/// <see cref="Stdout"/> or <see cref="Stderr"/> tells the client that output ended; the server
/// does so itself when the runtime call returns. <see cref="Resize"/> yields the terminal
/// sizes the client sends and completes when it stops sending them.
/// </summary>
public sealed class StreamingChannels(Stream? stdin, Stream? stdout, Stream? stderr, ChannelReader<TerminalSize> resize)
{
    public Stream? Stdin { get; } = stdin;

    public Stream? Stdout { get; } = stdout;

    public Stream? Stderr { get; } = stderr;

    public ChannelReader<TerminalSize> Resize { get; } = resize;
}
