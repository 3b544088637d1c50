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
    /// <summary>How many containers are brought in line at once: each may wait a moment for its monitor's exit file.</summary>
    private const int ReconcileConcurrency = 8;

    /// <param name="listed">What each runtime listed at start (<see cref="LeftoverSweeper.SweepAsync"/>): one list per runtime rather than one state call per container keeps start-up short on a full node.</param>
    public async Task ReconcileAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, OciState>> listed, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            engine.Containers.All.ToList(),
            new ParallelOptions { MaxDegreeOfParallelism = ReconcileConcurrency, CancellationToken = cancellationToken },
            async (container, ct) => await containers.ReconcileAsync(container.Id, listed.GetValueOrDefault(RuntimeKey(container.PodId)), ct).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var pod in engine.Pods.All.Where(p => p.State == PodPhase.Ready).ToList())
        {
            var state = !Directory.Exists(engine.Directories.Bundle(pod.Id)) ? null
                : listed.TryGetValue(RuntimeKey(pod), out var states) ? states.GetValueOrDefault(pod.Id)
                : await Engine.Engine.Runtime(pod).StateAsync(pod.Id, cancellationToken).ConfigureAwait(false);
            if (engine.Exits.TryRead(pod.Id) is not null || state is null || state.Status == OciStatus.Stopped)
                await MarkNotReadyAsync(pod.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private string RuntimeKey(string podId) => engine.Pods.Find(podId) is { } pod && pod.Id == podId ? RuntimeKey(pod) : "";

    private static string RuntimeKey(PodRecord pod) => RuntimeLocation.Key(pod.Runtime.RuntimePath, pod.Runtime.RuntimeRoot);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Pod} ({Name}): its infra container exited; the pod is not ready")]
    private partial void LogInfraExited(string pod, string name);
}
