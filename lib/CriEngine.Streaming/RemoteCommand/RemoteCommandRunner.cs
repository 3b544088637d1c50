using Microsoft.Extensions.Logging;

namespace CriEngine.Streaming.RemoteCommand;

/// <summary>
/// Runs an exec or attach against the runtime once the client's streams are in place, then
/// ends the output streams and reports the result as kubelet does.
/// </summary>
internal static class RemoteCommandRunner
{
    /// <summary>The status to send, or null when the session was cancelled (client gone, idle, server stopping).</summary>
    public static async Task<RemoteCommandStatus?> RunAsync(object request, IStreamingRuntime runtime, StreamingChannels channels, ILogger logger, CancellationToken cancellationToken)
    {
        RemoteCommandStatus status;
        try
        {
            status = request switch
            {
                ExecRequest exec => await ExecAsync(exec, runtime, channels, cancellationToken),
                AttachRequest attach => await AttachAsync(attach, runtime, channels, cancellationToken),
                _ => throw new ArgumentException($"not a remote command request: {request.GetType().Name}", nameof(request)),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            var what = request is ExecRequest ? "error executing command in container" : "error attaching to container";
            logger.LogWarning("streaming: container {Container}: {What}: {Error}", ContainerOf(request), what, e.Message);
            status = RemoteCommandStatus.InternalError($"{what}: {e.Message}");
        }
        await EndOutputAsync(channels.Stdout);
        await EndOutputAsync(channels.Stderr);
        return status;
    }

    private static async Task<RemoteCommandStatus> ExecAsync(ExecRequest exec, IStreamingRuntime runtime, StreamingChannels channels, CancellationToken cancellationToken)
    {
        var exitCode = await runtime.ExecAsync(exec, channels, cancellationToken);
        return exitCode == 0 ? RemoteCommandStatus.Succeeded : RemoteCommandStatus.NonZeroExit(exec.Command, exitCode);
    }

    private static async Task<RemoteCommandStatus> AttachAsync(AttachRequest attach, IStreamingRuntime runtime, StreamingChannels channels, CancellationToken cancellationToken)
    {
        await runtime.AttachAsync(attach, channels, cancellationToken);
        return RemoteCommandStatus.Succeeded;
    }

    private static async Task EndOutputAsync(Stream? output)
    {
        if (output is null)
            return;
        try
        {
            await output.DisposeAsync();
        }
        catch (IOException)
        {
            // The client is gone.
        }
    }

    private static string ContainerOf(object request) => request switch
    {
        ExecRequest exec => exec.ContainerId,
        AttachRequest attach => attach.ContainerId,
        _ => "",
    };
}
