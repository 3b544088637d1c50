using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.Server.State;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Pods;

/// <summary>
/// Turns the monitors' exit files into state: a container that exited is recorded with its code
/// and time, a pod whose infra container exited becomes NotReady. At start it first reconciles
/// the records with what happened while the daemon was down, or since a reboot wiped runroot.
/// </summary>
public sealed partial class ExitTracker(Engine.Engine engine, ContainerLifecycle containers, ILogger<ExitTracker> logger)
{
    /// <summary>The exit code given to a container whose exit nobody saw (its monitor died with the node).</summary>
    private const int UnknownExit = 255;

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        foreach (var container in engine.Containers.All.Where(c => c.State is ContainerPhase.Created or ContainerPhase.Running).ToList())
        {
            if (engine.Exits.TryRead(container.Id) is { } exit)
            {
                await containers.RecordExitAsync(exit, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var pod = engine.Pods.Find(container.PodId);
            var state = pod is null || !Directory.Exists(container.Bundle) ? null : await Engine.Engine.Runtime(pod).StateAsync(container.Id, cancellationToken).ConfigureAwait(false);
            if (state is null || state.Status == OciStatus.Stopped)
            {
                LogLost(container.Id, container.Name);
                await containers.RecordExitAsync(new ContainerExit(container.Id, UnknownExit, DateTimeOffset.UtcNow, false), cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var pod in engine.Pods.All.Where(p => p.State == PodPhase.Ready).ToList())
        {
            var state = Directory.Exists(engine.Directories.Bundle(pod.Id)) ? await Engine.Engine.Runtime(pod).StateAsync(pod.Id, cancellationToken).ConfigureAwait(false) : null;
            if (engine.Exits.TryRead(pod.Id) is not null || state is null || state.Status == OciStatus.Stopped)
                await MarkNotReadyAsync(pod.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Follows exits until the daemon stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var exit in engine.Exits.Exits.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (engine.Pods.Find(exit.ContainerId) is { } pod && pod.Id == exit.ContainerId)
                        await MarkNotReadyAsync(pod.Id, cancellationToken).ConfigureAwait(false);
                    else
                        await containers.RecordExitAsync(exit, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "recording the exit of {Container} failed", exit.ContainerId);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task MarkNotReadyAsync(string podId, CancellationToken cancellationToken)
    {
        using (await engine.Locks.AcquireAsync(podId, cancellationToken).ConfigureAwait(false))
        {
            if (engine.Pods.Find(podId) is { State: PodPhase.Ready } pod)
            {
                await engine.Pods.SaveAsync(pod with { State = PodPhase.NotReady }, CancellationToken.None).ConfigureAwait(false);
                LogInfraExited(pod.Id, pod.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container} ({Name}) is gone and its exit was not seen; recorded as exited")]
    private partial void LogLost(string container, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Pod} ({Name}): its infra container exited; the pod is not ready")]
    private partial void LogInfraExited(string pod, string name);
}
