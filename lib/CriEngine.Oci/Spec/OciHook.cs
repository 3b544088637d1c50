using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>A program the runtime runs at a point of the container's lifecycle (runtime-spec config.md "hooks").</summary>
public sealed record OciHook
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("args")]
    public IReadOnlyList<string>? Args { get; init; }

    [JsonPropertyName("env")]
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary>Seconds the runtime waits before it kills the hook.</summary>
    [JsonPropertyName("timeout")]
    public int? Timeout { get; init; }
}
