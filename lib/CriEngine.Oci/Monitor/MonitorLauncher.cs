using System.Globalization;
using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Oci.Runtime;
using CriEngine.Platform.Processes;
using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// Creates containers the way CRI-O does: the runtime's <c>create</c> runs under a new monitor
/// that outlives the daemon, supervises the container, writes its log and its exit file.
/// Starting it is then the runtime's <c>start</c> (<see cref="OciRuntime.StartAsync"/>).
/// </summary>
public sealed partial class MonitorLauncher(OciRuntime runtime, MonitorProgram monitor, ILogger logger)
{
    /// <summary>CRI-O's ContainerCreateTimeout: how long a create may take before it is abandoned and cleaned up.</summary>
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(240);

    /// <summary>
    /// Creates the container under a new monitor and returns its PID (waiting for start) and the
    /// monitor's. On failure nothing is left: the runtime's state is deleted, the log file
    /// removed, and an <see cref="RpcException"/> says what the runtime said.
    /// </summary>
    public async Task<MonitoredContainer> CreateContainerAsync(ContainerMonitorRequest request, CancellationToken cancellationToken = default)
    {
        ContainerIds.Validate(request.ContainerId);
        Directory.CreateDirectory(request.ExitDirectory);
        Directory.CreateDirectory(request.SocketDirectory);
        Directory.CreateDirectory(request.PersistDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.LogPath))!);
        // A PID file left by an earlier attempt would name a process that is not this monitor.
        File.Delete(MonitorPaths.MonitorPidFile(request.BundleDirectory));
        File.Delete(MonitorPaths.ContainerPidFile(request.BundleDirectory));

        using var sync = InheritedPipe.Create(MonitorProgram.SyncPipeVariable);
        using var start = InheritedPipe.Create(MonitorProgram.StartPipeVariable);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CreateTimeout);
        var spec = monitor.Spec(Arguments(request), request.BundleDirectory, sync, start, request.PlaceMonitor);
        try
        {
            // The monitor forks itself away and exits; its fork creates the container and reports on the sync pipe.
            var launched = await ProcessRunner.RunAsync(spec, deadline.Token).ConfigureAwait(false);
            if (!launched.Succeeded)
                throw Failure(request, $"{monitor.Name} failed (exit {launched.ExitCode}): {launched.StderrTail}");
            var message = await SyncPipe.ReadAsync(sync.Parent, deadline.Token).ConfigureAwait(false)
                ?? throw Failure(request, $"{monitor.Name} exited without reporting the container's PID");
            if (message.Value is not > 0)
                throw Failure(request, CreateError(message.Message));
            return new MonitoredContainer(message.Value.Value, ReadMonitorPid(request));
        }
        catch (Exception failure)
        {
            await CleanUpAsync(request, failure).ConfigureAwait(false);
            if (failure is RpcException || (failure is OperationCanceledException && cancellationToken.IsCancellationRequested))
                throw;
            throw failure switch
            {
                OperationCanceledException =>
                    Failure(request, $"{runtime.Handler.Name} create did not report within {CreateTimeout.TotalSeconds:0} s", failure, StatusCode.DeadlineExceeded),
                JsonException => Failure(request, $"{monitor.Name} sent an unreadable message: {failure.Message}", failure),
                _ => Failure(request, failure.Message, failure),
            };
        }
    }

    /// <summary>CRI-O's conmon command line for a create, flag for flag.</summary>
    private List<string> Arguments(ContainerMonitorRequest request)
    {
        List<string> arguments =
        [
            "-b", request.BundleDirectory,
            "-c", request.ContainerId,
            "--exit-dir", request.ExitDirectory,
            "-l", "k8s-file:" + request.LogPath,
            "--log-level", request.LogLevel,
            "-n", request.ContainerName,
            "-P", MonitorPaths.MonitorPidFile(request.BundleDirectory),
            "-p", MonitorPaths.ContainerPidFile(request.BundleDirectory),
            "--persist-dir", request.PersistDirectory,
            .. MonitorProgram.RuntimeArguments(runtime),
            "--socket-dir-path", request.SocketDirectory,
            "--syslog",
            "-u", request.ContainerId,
        ];
        if (request.LogSizeMax >= 0)
            arguments.AddRange(["--log-size-max", request.LogSizeMax.ToString(CultureInfo.InvariantCulture)]);
        if (request.NoPivot)
            arguments.Add("--no-pivot");
        if (request.Terminal)
            arguments.Add("-t");
        else if (request.Stdin)
        {
            if (!request.StdinOnce)
                arguments.Add("--leave-stdin-open");
            arguments.Add("-i");
        }
        return arguments;
    }

    /// <summary>What the monitor relayed from the runtime's stderr, as one sentence led by what failed.</summary>
    private string CreateError(string? relayed)
    {
        var said = RuntimeMessages.Plain(relayed ?? "");
        if (said.Length == 0)
            return $"{runtime.Handler.Name} create failed";
        return said.StartsWith($"{runtime.Handler.Name} create failed", StringComparison.Ordinal)
            ? ProcessResult.Tail(said)
            : $"{runtime.Handler.Name} create failed: {ProcessResult.Tail(said)}";
    }

    private static int ReadMonitorPid(ContainerMonitorRequest request)
    {
        var path = MonitorPaths.MonitorPidFile(request.BundleDirectory);
        return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1
            ? pid
            : throw new IOException($"{path}: not a PID");
    }

    /// <summary>
    /// Leaves nothing of a failed create: a monitor still waiting on a stuck runtime is killed
    /// (its runtime child dies with it), the runtime's state is force-deleted, the log removed.
    /// </summary>
    private async Task CleanUpAsync(ContainerMonitorRequest request, Exception cause)
    {
        if (cause is OperationCanceledException && File.Exists(MonitorPaths.MonitorPidFile(request.BundleDirectory)))
        {
            try
            {
                Native.Signals.Send(ReadMonitorPid(request), Native.Signals.Kill);
            }
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
            {
                LogCleanupFailed(logger, request.ContainerId, "kill monitor", e.Message);
            }
        }
        try
        {
            await runtime.DeleteAsync(request.ContainerId, force: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            LogCleanupFailed(logger, request.ContainerId, "delete", e.Message);
        }
        try
        {
            File.Delete(request.LogPath);
        }
        catch (IOException e)
        {
            LogCleanupFailed(logger, request.ContainerId, "remove log", e.Message);
        }
    }

    private static RpcException Failure(ContainerMonitorRequest request, string cause, Exception? inner = null, StatusCode code = StatusCode.Internal) =>
        new(code, $"container {request.ContainerId}: {cause}", inner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container}: cleaning up a failed create: {Step}: {Cause}")]
    private static partial void LogCleanupFailed(ILogger logger, string container, string step, string cause);
}
