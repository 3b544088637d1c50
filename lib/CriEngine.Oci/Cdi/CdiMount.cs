using System.Text.Json.Serialization;

namespace CriEngine.Oci.Cdi;

/// <summary>A mount of a CDI edit.</summary>
internal sealed record CdiMount
{
    [JsonPropertyName("hostPath")]
    public string? HostPath { get; init; }

    [JsonPropertyName("containerPath")]
    public string? ContainerPath { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<string>? Options { get; init; }
}
