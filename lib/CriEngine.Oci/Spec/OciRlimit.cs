using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>One resource limit of the process, e.g. RLIMIT_NOFILE (runtime-spec config.md "rlimits").</summary>
public sealed record OciRlimit
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("hard")]
    public ulong Hard { get; init; }

    [JsonPropertyName("soft")]
    public ulong Soft { get; init; }
}
