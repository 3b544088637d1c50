using CriEngine.Config;

namespace CriEngine.Server.Telemetry;

/// <summary>
/// CRI-O's metric names and the <c>metrics_collectors</c> selection: a collector is named with
/// or without the <c>container_runtime_</c> and <c>crio_</c> prefixes; the served name has both.
/// </summary>
public sealed class MetricCollectors(IEnumerable<string> selected)
{
    public const string Prefix = "container_runtime_crio_";

    private readonly HashSet<string> _selected = selected.Select(Strip).ToHashSet(StringComparer.Ordinal);

    public static MetricCollectors From(MetricsSection metrics) => new(metrics.MetricsCollectors);

    public bool Serves(string collector) => _selected.Contains(collector);

    public static string Strip(string name)
    {
        if (name.StartsWith("container_runtime_", StringComparison.Ordinal))
            name = name["container_runtime_".Length..];
        return name.StartsWith("crio_", StringComparison.Ordinal) ? name["crio_".Length..] : name;
    }
}
