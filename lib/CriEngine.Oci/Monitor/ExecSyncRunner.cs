using System.Globalization;
using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Oci.Runtime;
using CriEngine.Platform.Processes;
using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// Runs ExecSync commands as CRI-O does: a monitor in exec mode (<c>conmon -e --sync</c>) runs
/// the runtime's <c>exec</c>, supervises the command, writes its output to a log file in the CRI
/// format and reports its exit code on the sync pipe.
/// On timeout the engine itself kills the command's process group, so that the monitor, its
/// subreaper, reaps it before answering; conmon's own <c>-T</c> kills without reaping (the
/// command would linger as a zombie of a late-reaping PID 1), so it is given a later deadline,
/// kept only in case the daemon dies during the command.
/// </summary>
public sealed partial class ExecSyncRunner(OciRuntime runtime, MonitorProgram monitor, ILogger logger)
{
    /// <summary>What is kept of each of stdout and stderr: the size the kubelet's dockershim allowed, as CRI-O.</summary>
    public const int OutputLimit = 16 * 1024 * 1024;

    /// <summary>The monitor's limit on the whole log file: both streams at their limit with the CRI format's per-line overhead.</summary>
    private const long LogFileLimit = 4L * OutputLimit;

    private static readonly TimeSpan BackstopGrace = TimeSpan.FromSeconds(10);

    public async Task<ExecSyncResult> RunAsync(ExecSyncRequest request, CancellationToken cancellationToken = default)
    {
        ContainerIds.Validate(request.ContainerId);
        if (request.Command.Count == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"container {request.ContainerId}: exec: empty command");
        var work = Directory.CreateTempSubdirectory("criengine-exec-");
        try
        {
            var processFile = Path.Combine(work.FullName, "process.json");
            var pidFile = Path.Combine(work.FullName, "pid");
            var logFile = Path.Combine(work.FullName, "output.log");
            await ExecProcessFile.WriteAsync(request.ContainerId, request.BundleDirectory, request.Command, request.Terminal, processFile, cancellationToken).ConfigureAwait(false);

            using var sync = InheritedPipe.Create(MonitorProgram.SyncPipeVariable);
            using var start = InheritedPipe.Create(MonitorProgram.StartPipeVariable);
            using var stopMonitor = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var spec = monitor.Spec(Arguments(request, pidFile, logFile, processFile), null, sync, start, beforeStart: null);
            var run = ProcessRunner.RunAsync(spec, stopMonitor.Token);

            var timedOut = false;
            if (request.Timeout > TimeSpan.Zero)
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopMonitor.Token);
                var expiry = Task.Delay(request.Timeout, waiting.Token);
                var first = await Task.WhenAny(run, expiry).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
                if (first == expiry && expiry.IsCompletedSuccessfully && !run.IsCompleted)
                {
                    timedOut = true;
                    LogTimedOut(logger, request.ContainerId, request.Timeout.TotalSeconds);
                    if (!KillCommand(pidFile))
                        await stopMonitor.CancelAsync().ConfigureAwait(false);
                }
            }

            ProcessResult monitorResult;
            try
            {
                monitorResult = await run.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timedOut && !cancellationToken.IsCancellationRequested)
            {
                return ExecSyncResult.TimedOut;
            }
            catch (OperationCanceledException)
            {
                KillCommand(pidFile);
                throw;
            }
            catch (ProcessFailedException e)
            {
                throw new RpcException(StatusCode.Internal, $"container {request.ContainerId}: exec: {e.Message}", e);
            }
            if (timedOut)
                return ExecSyncResult.TimedOut;
            return await ResultAsync(request, sync, logFile, monitorResult, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<ExecSyncResult> ResultAsync(ExecSyncRequest request, InheritedPipe sync, string logFile, ProcessResult monitorResult, CancellationToken cancellationToken)
    {
        SyncMessage? message;
        try
        {
            message = await SyncPipe.ReadAsync(sync.Parent, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new RpcException(StatusCode.Internal, $"container {request.ContainerId}: exec: {monitor.Name} sent an unreadable message: {e.Message}", e);
        }
        if (message?.Value is not { } exitCode)
            throw new RpcException(StatusCode.Internal,
                $"container {request.ContainerId}: exec: {monitor.Name} exited (exit {monitorResult.ExitCode}) without reporting the command's exit: {monitorResult.StderrTail}");
        if (exitCode == -1 && message.Message == ExecSyncResult.TimedOutMessage)
            return ExecSyncResult.TimedOut;
        if (exitCode < 0)
            throw new RpcException(StatusCode.Internal, $"container {request.ContainerId}: exec failed: {ProcessResult.Tail(RuntimeMessages.Plain(message.Message ?? ""))}");
        if (!File.Exists(logFile))
            return new ExecSyncResult(exitCode, [], []);
        var (stdout, stderr) = await CriLogSplitter.SplitAsync(logFile, OutputLimit, cancellationToken).ConfigureAwait(false);
        return new ExecSyncResult(exitCode, stdout, stderr);
    }

    /// <summary>CRI-O's conmon command line for ExecSync, with a later <c>-T</c> (see the class).</summary>
    private List<string> Arguments(ExecSyncRequest request, string pidFile, string logFile, string processFile)
    {
        List<string> arguments =
        [
            "-c", request.ContainerId,
            "-n", request.ContainerName,
            .. MonitorProgram.RuntimeArguments(runtime),
            "-p", pidFile,
            "-e",
            "-l", "k8s-file:" + logFile,
            "--socket-dir-path", request.SocketDirectory,
            "--log-level", request.LogLevel,
            "--sync",
            "--log-global-size-max", LogFileLimit.ToString(CultureInfo.InvariantCulture),
        ];
        if (request.Terminal)
            arguments.Add("-t");
        if (request.Timeout > TimeSpan.Zero)
            arguments.AddRange(["-T", ((long)Math.Ceiling((request.Timeout + BackstopGrace).TotalSeconds)).ToString(CultureInfo.InvariantCulture)]);
        arguments.AddRange(["--exec-process-spec", processFile]);
        return arguments;
    }

    /// <summary>False when the command has no PID yet or the kill failed: the monitor must then be stopped instead.</summary>
    private bool KillCommand(string pidFile)
    {
        try
        {
            return ExecPidFile.KillCommand(pidFile);
        }
        catch (IOException e)
        {
            LogKillFailed(logger, pidFile, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container}: exec timed out after {Seconds} s, killing the command")]
    private static partial void LogTimedOut(ILogger logger, string container, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "exec command of {PidFile}: kill failed: {Cause}")]
    private static partial void LogKillFailed(ILogger logger, string pidFile, string cause);
}
