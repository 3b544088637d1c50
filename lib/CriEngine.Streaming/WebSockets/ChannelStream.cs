using System.IO.Pipelines;

namespace CriEngine.Streaming.WebSockets;

/// <summary>The <see cref="Stream"/> face of one channel of a <see cref="ChannelWebSocket"/>, handed to the runtime.</summary>
internal sealed class ChannelStream(ChannelWebSocket socket, byte channel, PipeReader? input, bool canWrite)
    : SessionStream(input, canWrite, $"channel {channel}")
{
    protected override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) =>
        buffer.IsEmpty ? ValueTask.CompletedTask : new ValueTask(socket.SendAsync(channel, buffer, cancellationToken));
}
