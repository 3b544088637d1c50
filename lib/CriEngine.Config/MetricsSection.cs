namespace CriEngine.Config;

/// <summary><c>[crio.metrics]</c>: the Prometheus endpoint.</summary>
public sealed record MetricsSection
{
    internal MetricsSection()
    {
    }

    public bool EnableMetrics { get; init; }

    public ValueList<string> MetricsCollectors { get; init; } = ValueList<string>.Empty;

    public string MetricsHost { get; init; } = "";

    public long MetricsPort { get; init; }

    public string MetricsSocket { get; init; } = "";

    public string MetricsCert { get; init; } = "";

    public string MetricsKey { get; init; } = "";
}
