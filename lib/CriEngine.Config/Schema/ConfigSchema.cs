namespace CriEngine.Config.Schema;

/// <summary>
/// The table of every key of crio.conf(5), as of the CRI-O release this engine follows, and
/// the built-in defaults it gives.
/// </summary>
internal static class ConfigSchema
{
    private static readonly Dictionary<string, string> TableDescriptions = new()
    {
        ["crio"] = "Storage and state locations.",
        ["crio.api"] = "The CRI gRPC socket and the streaming server.",
        ["crio.runtime"] = "OCI runtimes, monitors, cgroups and what every container gets.",
        ["crio.image"] = "Pulling images, and the infra (pause) container.",
        ["crio.network"] = "CNI networking.",
        ["crio.metrics"] = "The Prometheus metrics server.",
        ["crio.tracing"] = "OpenTelemetry trace export.",
        ["crio.stats"] = "Pod and container stats collection.",
        ["crio.nri"] = "Node Resource Interface (NRI) plugins.",
        ["crio.nri.default_validator"] = "The built-in validator of what NRI plugins change.",
        ["crio.checkpoint_restore"] = "Pod-level checkpoint and restore.",
    };

    public static SchemaTree<CrioConfig> Tree { get; } = new(
        [
            .. CrioKeys.Settings, .. ApiKeys.Settings, .. RuntimeKeys.Settings, .. ImageKeys.Settings,
            .. NetworkKeys.Settings, .. MetricsKeys.Settings, .. TracingKeys.Settings, .. StatsKeys.Settings, .. NriKeys.Settings,
            .. CheckpointRestoreKeys.Settings,
        ],
        TableDescriptions);

    public static CrioConfig Defaults { get; } = Tree.ApplyDefaults(new CrioConfig());

    /// <summary>
    /// What loading only the table headers of <paramref name="config"/> gives: the defaults, with
    /// each runtime handler and workload it names at its built-in entry or its table's defaults.
    /// </summary>
    public static CrioConfig BaselineOf(CrioConfig config)
    {
        var runtime = Defaults.Runtime;
        return Defaults with
        {
            Runtime = runtime with
            {
                Runtimes = ValueMap<RuntimeHandlerSection>.From(config.Runtime.Runtimes.Keys.Select(name =>
                    KeyValuePair.Create(name, runtime.Runtimes.TryGetValue(name, out var builtIn) ? builtIn : RuntimeHandlerKeys.Blank))),
                Workloads = ValueMap<WorkloadSection>.From(config.Runtime.Workloads.Keys.Select(name => KeyValuePair.Create(name, WorkloadKeys.Blank))),
            },
        };
    }
}
