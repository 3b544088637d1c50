namespace CriEngine.Config;

/// <summary>
/// The whole configuration, an immutable snapshot with CRI-O's tables, keys and defaults
/// (crio.conf(5)). One record per TOML table. Instances come from <see cref="ConfigLoader"/>
/// (or its <see cref="ConfigLoader.Defaults"/>); change one with <c>with</c>. Two configs with
/// the same values are equal.
/// </summary>
public sealed record CrioConfig
{
    internal CrioConfig()
    {
    }

    /// <summary>The keys of <c>[crio]</c> itself: storage and state locations.</summary>
    public CrioSection Crio { get; init; } = new();

    /// <summary><c>[crio.api]</c></summary>
    public ApiSection Api { get; init; } = new();

    /// <summary><c>[crio.runtime]</c>, with the runtime handlers and workloads.</summary>
    public RuntimeSection Runtime { get; init; } = new();

    /// <summary><c>[crio.image]</c></summary>
    public ImageSection Image { get; init; } = new();

    /// <summary><c>[crio.network]</c></summary>
    public NetworkSection Network { get; init; } = new();

    /// <summary><c>[crio.metrics]</c></summary>
    public MetricsSection Metrics { get; init; } = new();

    /// <summary><c>[crio.tracing]</c></summary>
    public TracingSection Tracing { get; init; } = new();

    /// <summary><c>[crio.stats]</c></summary>
    public StatsSection Stats { get; init; } = new();

    /// <summary><c>[crio.nri]</c></summary>
    public NriSection Nri { get; init; } = new();

    /// <summary><c>[crio.checkpoint_restore]</c></summary>
    public CheckpointRestoreSection CheckpointRestore { get; init; } = new();
}
