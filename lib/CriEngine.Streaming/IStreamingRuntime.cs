namespace CriEngine.Streaming;

/// <summary>
/// What the streaming server needs from the engine: run a command in a container, attach to
/// one, and connect to a port in a pod. The server owns the client connection; the runtime
/// only moves bytes between the given streams and the container.
/// </summary>
public interface IStreamingRuntime
{
    /// <summary>
    /// Runs <paramref name="request"/>'s command and returns its exit code. Any exception is
    /// reported to the client as an internal error with its message.
    /// </summary>
    Task<int> ExecAsync(ExecRequest request, StreamingChannels channels, CancellationToken cancellationToken);

    /// <summary>Attaches to the container until its output ends or the client goes away.</summary>
    Task AttachAsync(AttachRequest request, StreamingChannels channels, CancellationToken cancellationToken);

    /// <summary>
    /// Copies bytes between <paramref name="connection"/> and <paramref name="port"/> on
    /// localhost in the pod's network namespace, until both directions end. A read of 0 bytes
    /// means the client closed its side; the runtime should then half-close the pod side.
    /// Throw <see cref="PortForwardException"/> when the port cannot be reached: its message
    /// goes to the client.
    /// </summary>
    Task PortForwardAsync(string podSandboxId, int port, Stream connection, CancellationToken cancellationToken);
}
