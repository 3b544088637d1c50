using System.Net;
using System.Net.Sockets;
using CriEngine.Grpc;
using CriEngine.Network.Namespaces;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.Server.State;
using CriEngine.Streaming;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Streaming;

/// <summary>
/// What the streaming server runs for the engine: a command in a container through the runtime's
/// exec, an attach through the container's monitor, a port connection made inside the pod's
/// network namespace.
/// </summary>
public sealed partial class EngineStreamingRuntime(Engine.Engine engine) : IStreamingRuntime
{
    private readonly ILogger _logger = engine.Loggers.CreateLogger<EngineStreamingRuntime>();

    public async Task<int> ExecAsync(ExecRequest request, StreamingChannels channels, CancellationToken cancellationToken)
    {
        var (container, pod) = Running(request.ContainerId);
        LogExec(container.Id, string.Join(' ', request.Command), request.Tty, request.Stdin);
        await using var exec = await RuntimeExec.StartAsync(Engine.Engine.Runtime(pod), container.Id, container.Bundle, request.Command, request.Tty, cancellationToken).ConfigureAwait(false);
        var process = exec.Process;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resizing = ResizeAsync(channels, size =>
        {
            process.Resize(size.Width, size.Height);
            return Task.CompletedTask;
        }, stop.Token);
        var input = channels.Stdin is { } stdin ? CopyInputAsync(stdin, process, stop.Token) : Task.CompletedTask;
        if (channels.Stdin is null)
            process.CloseInput();
        var output = Task.WhenAll(
            process.Output.CopyToAsync(channels.Stdout ?? Stream.Null, stop.Token),
            process.Error?.CopyToAsync(channels.Stderr ?? Stream.Null, stop.Token) ?? Task.CompletedTask);

        var exitCode = await exec.WaitAsync(cancellationToken).ConfigureAwait(false);
        // What the command wrote before it ended still reaches the client; a descendant that
        // keeps the output open past that is not waited for.
        await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Quietly(Task.WhenAll(input, output, resizing)).ConfigureAwait(false);
        LogExecEnded(container.Id, exitCode);
        return exitCode;
    }

    public async Task AttachAsync(AttachRequest request, StreamingChannels channels, CancellationToken cancellationToken)
    {
        var (container, _) = Running(request.ContainerId);
        LogAttach(container.Id, request.Tty, request.Stdin);
        using var attachment = await MonitorAttachment.ConnectAsync(engine.Directories.AttachSockets, container.Id, cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resizing = ResizeAsync(channels, size => MonitorControl.ResizeAsync(container.Id, container.Bundle, size.Width, size.Height, stop.Token), stop.Token);
        var input = channels.Stdin is { } stdin ? attachment.CopyInputAsync(stdin, stop.Token) : Task.CompletedTask;
        try
        {
            await attachment.CopyOutputAsync(channels.Stdout, channels.Stderr, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Quietly(Task.WhenAll(input, resizing)).ConfigureAwait(false);
        }
    }

    public async Task PortForwardAsync(string podSandboxId, int port, Stream connection, CancellationToken cancellationToken)
    {
        var pod = engine.Pods.Get(podSandboxId, "pod sandbox");
        if (pod.State != PodPhase.Ready)
            throw new PortForwardException($"pod sandbox {pod.Id} is not ready");
        LogPortForward(pod.Id, port);
        using var socket = await ConnectAsync(pod, port, cancellationToken).ConfigureAwait(false);
        await using var inside = new NetworkStream(socket, ownsSocket: false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toPod = CopyThenCloseAsync(connection, inside, socket, stop.Token);
        // The connection is over when the pod's side ends, as with the kubelet's: the client's
        // side may stay open after it has said all it had to say.
        await inside.CopyToAsync(connection, cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Quietly(toPod).ConfigureAwait(false);
    }

    private (ContainerRecord Container, PodRecord Pod) Running(string containerId)
    {
        var container = engine.Containers.Get(containerId, "container");
        if (container.State != ContainerPhase.Running)
            throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id} is not running");
        return (container, engine.Pods.Get(container.PodId, "pod sandbox"));
    }

    /// <summary>127.0.0.1:<paramref name="port"/> as the pod sees it: in its network namespace, or the node's for a host-network pod.</summary>
    private static async Task<Socket> ConnectAsync(PodRecord pod, int port, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        Socket Connect()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(endpoint);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        try
        {
            return pod.NetnsPath is { } netns
                ? await NetworkNamespace.RunInNamespaceAsync(netns, Connect, cancellationToken).ConfigureAwait(false)
                : await Task.Run(Connect, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new PortForwardException($"pod sandbox {pod.Id}: cannot connect to 127.0.0.1:{port} in its network namespace: {e.Message}", e);
        }
    }

    private static async Task CopyThenCloseAsync(Stream from, Stream to, Socket socket, CancellationToken cancellationToken)
    {
        await from.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>The client's stdin to the command; its end is the command's end of input.</summary>
    private static async Task CopyInputAsync(Stream stdin, Platform.Processes.InteractiveProcess process, CancellationToken cancellationToken)
    {
        await stdin.CopyToAsync(process.Input, cancellationToken).ConfigureAwait(false);
        process.CloseInput();
    }

    private static async Task ResizeAsync(StreamingChannels channels, Func<TerminalSize, Task> resize, CancellationToken cancellationToken)
    {
        await foreach (var size in channels.Resize.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            await resize(size).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the copies and resizes that end with the session; they end by cancellation or by
    /// a side going away (a resize finds the monitor gone), neither an error of the command.
    /// </summary>
    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or RpcException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container}: exec {Command} (tty {Tty}, stdin {Stdin})")]
    private partial void LogExec(string container, string command, bool tty, bool stdin);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container}: exec ended with exit code {ExitCode}")]
    private partial void LogExecEnded(string container, int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container}: attach (tty {Tty}, stdin {Stdin})")]
    private partial void LogAttach(string container, bool tty, bool stdin);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod}: port forward to port {Port}")]
    private partial void LogPortForward(string pod, int port);
}
