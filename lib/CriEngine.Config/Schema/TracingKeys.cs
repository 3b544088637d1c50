using static CriEngine.Config.Schema.ConfigKeyTraits;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.tracing]</c>.</summary>
internal static class TracingKeys
{
    private const string NotSupported = "OpenTelemetry trace export is not supported";

    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, TracingSection>("crio.tracing", c => c.Tracing, (c, s) => c with { Tracing = s })
            .Boolean("enable_tracing", false, None, "Export OpenTelemetry traces.",
                s => s.EnableTracing, (s, v) => s with { EnableTracing = v })
            .Flag("enable-tracing", "CONTAINER_ENABLE_TRACING")
            .NotActedOn(NotSupported)
            .Text("tracing_endpoint", "127.0.0.1:4317", None, "Address of the gRPC trace collector.",
                s => s.TracingEndpoint, (s, v) => s with { TracingEndpoint = v })
            .Flag("tracing-endpoint", "CONTAINER_TRACING_ENDPOINT")
            .NotActedOn(NotSupported)
            .Integer("tracing_sampling_rate_per_million", 0, None, "Spans sampled per million; 1000000 samples every span.",
                s => s.TracingSamplingRatePerMillion, (s, v) => s with { TracingSamplingRatePerMillion = v })
            .Flag("tracing-sampling-rate-per-million", "CONTAINER_TRACING_SAMPLING_RATE_PER_MILLION")
            .NotActedOn(NotSupported)
            .Settings;
}
