using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The container's root filesystem on the host (runtime-spec config.md "root").</summary>
public sealed record OciRoot
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("readonly")]
    public bool? Readonly { get; init; }
}
