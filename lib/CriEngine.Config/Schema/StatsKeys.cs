using static CriEngine.Config.Schema.ConfigKeyTraits;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.stats]</c>.</summary>
internal static class StatsKeys
{
    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, StatsSection>("crio.stats", c => c.Stats, (c, s) => c with { Stats = s })
            .Integer("stats_collection_period", 0, None, "Seconds between collections of pod and container stats; 0 collects on request.",
                s => s.StatsCollectionPeriod, (s, v) => s with { StatsCollectionPeriod = v })
            .Flag("stats-collection-period", "CONTAINER_STATS_COLLECTION_PERIOD")
            .NotActedOn("replaced in CRI-O by collection_period, which the engine reads")
            .Integer("collection_period", 0, Honoured | Live, "Seconds between collections of stats and pod sandbox metrics; 0 collects on request.",
                s => s.CollectionPeriod, (s, v) => s with { CollectionPeriod = v })
            .Flag("collection-period", "COLLECTION_PERIOD")
            .TextList("included_pod_metrics", ValueList<string>.Empty, Honoured | Live, "Pod metrics to collect; empty collects them all.",
                s => s.IncludedPodMetrics, (s, v) => s with { IncludedPodMetrics = v })
            .Flag("included-pod-metrics", "CONTAINER_INCLUDED_POD_METRCIS")
            .Settings;
}
