using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CriEngine.Streaming.Tests.Support;

/// <summary>
/// A runtime for the tests that does for real what the engine does: exec runs the command as
/// a process on this host (a TTY through util-linux <c>script</c>), attach joins a process the
/// test started as the "container", port forward connects to 127.0.0.1. Every process it
/// starts is killed and reaped on dispose.
/// </summary>
internal sealed class ProcessRuntime : IStreamingRuntime, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Process> _containers = new();
    private readonly ConcurrentBag<Process> _processes = [];

    /// <summary>Pod port → port on 127.0.0.1 to connect to; a port not in the map is used as is.</summary>
    public ConcurrentDictionary<int, int> Ports { get; } = new();

    public ConcurrentQueue<TerminalSize> Resizes { get; } = new();

    public ConcurrentQueue<ExecRequest> Execs { get; } = new();

    /// <summary>Exec processes started and not yet reaped.</summary>
    public int Running => _running;

    private int _running;

    /// <summary>Starts <paramref name="command"/> as the main process of container <paramref name="id"/>, for attach.</summary>
    public void StartContainer(string id, params string[] command) => _containers[id] = Start(command, tty: false);

    public async Task<int> ExecAsync(ExecRequest request, StreamingChannels channels, CancellationToken cancellationToken)
    {
        var process = Start(request.Command, request.Tty);
        Interlocked.Increment(ref _running);
        Execs.Enqueue(request);
        try
        {
            // Resize events end with the session, after this returns: recorded on the side.
            _ = RecordResizesAsync(channels, cancellationToken);
            await PumpAsync(process, channels, cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode;
        }
        finally
        {
            Kill(process);
            Interlocked.Decrement(ref _running);
        }
    }

    public async Task AttachAsync(AttachRequest request, StreamingChannels channels, CancellationToken cancellationToken)
    {
        if (!_containers.TryGetValue(request.ContainerId, out var process))
            throw new InvalidOperationException($"container {request.ContainerId} not found");
        await PumpAsync(process, channels, cancellationToken);
    }

    public async Task PortForwardAsync(string podSandboxId, int port, Stream connection, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Ports.GetValueOrDefault(port, port)), cancellationToken);
        }
        catch (SocketException e)
        {
            throw new PortForwardException($"failed to connect to localhost:{port} inside namespace of pod {podSandboxId}: {e.Message}", e);
        }
        await using var pod = new NetworkStream(socket, ownsSocket: false);
        using var upstreamEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var upstream = Task.Run(async () =>
        {
            await connection.CopyToAsync(pod, upstreamEnd.Token);
            // The client half-closed: so does the pod side, which still answers.
            socket.Shutdown(SocketShutdown.Send);
        }, CancellationToken.None);
        // The pod closing its side ends the forwarded connection, as containerd and CRI-O do.
        await pod.CopyToAsync(connection, cancellationToken);
        await upstreamEnd.CancelAsync();
        await upstream.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            Kill(process);
        return ValueTask.CompletedTask;
    }

    private Process Start(IReadOnlyList<string> command, bool tty)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (tty)
        {
            // script gives the command a pseudo-terminal and passes on its exit code (-e).
            start.FileName = "script";
            var shellCommand = string.Join(' ', command.Select(a => "'" + a.Replace("'", "'\\''") + "'"));
            foreach (var arg in new[] { "-q", "-f", "-e", "-c", shellCommand, "/dev/null" })
                start.ArgumentList.Add(arg);
        }
        else
        {
            start.FileName = command[0];
            foreach (var arg in command.Skip(1))
                start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        _processes.Add(process);
        return process;
    }

    private static async Task PumpAsync(Process process, StreamingChannels channels, CancellationToken cancellationToken)
    {
        var input = Task.Run(async () =>
        {
            if (channels.Stdin is not null)
                await channels.Stdin.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
            process.StandardInput.Close();
        }, cancellationToken);
        var output = CopyAndCloseAsync(process.StandardOutput.BaseStream, channels.Stdout, cancellationToken);
        var errors = CopyAndCloseAsync(process.StandardError.BaseStream, channels.Stderr, cancellationToken);
        await Task.WhenAll(output, errors);
        // Output ended: the process is done with stdin whether or not the client closed it.
        _ = input.ContinueWith(t => t.Exception, TaskScheduler.Default);
    }

    private static async Task CopyAndCloseAsync(Stream source, Stream? target, CancellationToken cancellationToken)
    {
        if (target is null)
        {
            await source.CopyToAsync(Stream.Null, cancellationToken);
            return;
        }
        await source.CopyToAsync(target, cancellationToken);
        await target.DisposeAsync();
    }

    private async Task RecordResizesAsync(StreamingChannels channels, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var size in channels.Resize.ReadAllAsync(cancellationToken))
                Resizes.Enqueue(size);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
    }
}
