using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The process's capability sets, as names like "CAP_CHOWN" (runtime-spec config.md "capabilities").</summary>
public sealed record OciCapabilities
{
    [JsonPropertyName("bounding")]
    public IReadOnlyList<string>? Bounding { get; init; }

    [JsonPropertyName("effective")]
    public IReadOnlyList<string>? Effective { get; init; }

    [JsonPropertyName("inheritable")]
    public IReadOnlyList<string>? Inheritable { get; init; }

    [JsonPropertyName("permitted")]
    public IReadOnlyList<string>? Permitted { get; init; }

    [JsonPropertyName("ambient")]
    public IReadOnlyList<string>? Ambient { get; init; }
}
