using static CriEngine.Config.Schema.ConfigKeyTraits;
using static CriEngine.Config.Schema.ValueRules;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.metrics]</c>.</summary>
internal static class MetricsKeys
{
    private static readonly ValueList<string> AllCollectors = ValueList<string>.Of(
        "image_pulls_layer_size", "containers_events_dropped_total", "containers_oom_total", "processes_defunct",
        "operations_total", "operations_latency_seconds", "operations_latency_seconds_total", "operations_errors_total",
        "image_pulls_bytes_total", "image_pulls_skipped_bytes_total", "image_pulls_failure_total", "image_pulls_success_total",
        "image_layer_reuse_total", "containers_oom_count_total", "containers_seccomp_notifier_count_total",
        "resources_stalled_at_stage", "containers_stopped_monitor_count");

    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, MetricsSection>("crio.metrics", c => c.Metrics, (c, s) => c with { Metrics = s })
            .Boolean("enable_metrics", false, Honoured, "Serve Prometheus metrics.",
                s => s.EnableMetrics, (s, v) => s with { EnableMetrics = v })
            .Flag("enable-metrics", "CONTAINER_ENABLE_METRICS")
            .TextList("metrics_collectors", AllCollectors, Honoured, "Metrics collectors to run, named with or without the \"crio_\" and \"container_runtime_\" prefixes.",
                s => s.MetricsCollectors, (s, v) => s with { MetricsCollectors = v })
            .Flag("metrics-collectors", "CONTAINER_METRICS_COLLECTORS")
            .Text("metrics_host", "127.0.0.1", Honoured, "Address of the metrics server.",
                s => s.MetricsHost, (s, v) => s with { MetricsHost = v })
            .Flag("metrics-host", "CONTAINER_METRICS_HOST")
            .Integer("metrics_port", 9090, Honoured, "Port of the metrics server.",
                s => s.MetricsPort, (s, v) => s with { MetricsPort = v }, Port)
            .Flag("metrics-port", "CONTAINER_METRICS_PORT")
            .Text("metrics_socket", "", Honoured, "Unix socket the metrics server also listens on.",
                s => s.MetricsSocket, (s, v) => s with { MetricsSocket = v }, AbsolutePathOrEmpty)
            .Flag("metrics-socket", "CONTAINER_METRICS_SOCKET")
            .Text("metrics_cert", "", Honoured, "Certificate of the metrics server; a self-signed one is made when it is missing.",
                s => s.MetricsCert, (s, v) => s with { MetricsCert = v }, AbsolutePathOrEmpty)
            .Flag("metrics-cert", "CONTAINER_METRICS_CERT")
            .Text("metrics_key", "", Honoured, "Key of metrics_cert.",
                s => s.MetricsKey, (s, v) => s with { MetricsKey = v }, AbsolutePathOrEmpty)
            .Flag("metrics-key", "CONTAINER_METRICS_KEY")
            .Settings;
}
