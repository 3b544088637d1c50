using System.Runtime.CompilerServices;
using CriEngine.Api;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Metrics;

/// <summary>
/// The pod metrics as ListPodSandboxMetrics serves them, by <c>[crio.stats] collection_period</c>
/// of the live config: 0 measures at each request; otherwise <see cref="RunAsync"/> measures
/// every period in the background and a request gets the last collection, measuring only a pod
/// that came after it (as CRI-O does).
/// </summary>
public sealed partial class PodMetrics(LiveConfig config, PodMetricsCollector collector, ILogger<PodMetrics> logger)
{
    /// <summary>How often the loop looks again at a config that collects on request: a reload may turn collection on.</summary>
    private static readonly TimeSpan IdleRecheck = TimeSpan.FromSeconds(1);

    private IReadOnlyDictionary<string, PodSandboxMetrics>? _collected;

    /// <summary>The metric groups the live config selects.</summary>
    public IReadOnlyList<string> Groups => PodMetricCatalog.GroupsIn(config.Current.Config.Stats.IncludedPodMetrics);

    public async IAsyncEnumerable<PodSandboxMetrics> CurrentAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = Groups;
        var collected = config.Current.Config.Stats.CollectionPeriod > 0 ? Volatile.Read(ref _collected) : null;
        foreach (var pod in collector.ReadyPods())
        {
            yield return collected is not null && collected.TryGetValue(pod.Id, out var cached)
                ? cached
                : await collector.PodAsync(pod, groups, 0, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The background collection, until <paramref name="stopping"/>; the period is read again after each round, so a reload changes it.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                var period = config.Current.Config.Stats.CollectionPeriod;
                if (period <= 0)
                {
                    Volatile.Write(ref _collected, null);
                    await Task.Delay(IdleRecheck, stopping).ConfigureAwait(false);
                    continue;
                }
                await CollectAsync(stopping).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(period), stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The daemon stops.
        }
    }

    private async Task CollectAsync(CancellationToken stopping)
    {
        var timestamp = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var pods = new Dictionary<string, PodSandboxMetrics>(StringComparer.Ordinal);
        try
        {
            await foreach (var pod in collector.CollectAsync(Groups, timestamp, stopping).ConfigureAwait(false))
                pods[pod.PodSandboxId] = pod;
            Volatile.Write(ref _collected, pods);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The last collection stays; requests measure whatever it lacks.
            LogCollectionFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod metrics collection failed: {Cause}")]
    private partial void LogCollectionFailed(string cause);
}
