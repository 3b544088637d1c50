using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>A mount on top of the root filesystem (runtime-spec config.md "mounts").</summary>
public sealed record OciMount
{
    [JsonPropertyName("destination")]
    public required string Destination { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<string>? Options { get; init; }

    [JsonPropertyName("uidMappings")]
    public IReadOnlyList<OciIdMapping>? UidMappings { get; init; }

    [JsonPropertyName("gidMappings")]
    public IReadOnlyList<OciIdMapping>? GidMappings { get; init; }
}
