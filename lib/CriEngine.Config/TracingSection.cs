namespace CriEngine.Config;

/// <summary><c>[crio.tracing]</c>: OpenTelemetry trace export.</summary>
public sealed record TracingSection
{
    internal TracingSection()
    {
    }

    public bool EnableTracing { get; init; }

    public string TracingEndpoint { get; init; } = "";

    public long TracingSamplingRatePerMillion { get; init; }
}
