namespace CriEngine.Config;

/// <summary><c>[crio.stats]</c>: pod and container stats collection.</summary>
public sealed record StatsSection
{
    internal StatsSection()
    {
    }

    public long StatsCollectionPeriod { get; init; }

    public long CollectionPeriod { get; init; }

    public ValueList<string> IncludedPodMetrics { get; init; } = ValueList<string>.Empty;
}
