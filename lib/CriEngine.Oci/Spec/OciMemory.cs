using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>Memory cgroup settings in bytes (runtime-spec config-linux.md "resources.memory").</summary>
public sealed record OciMemory
{
    [JsonPropertyName("limit")]
    public long? Limit { get; init; }

    [JsonPropertyName("reservation")]
    public long? Reservation { get; init; }

    /// <summary>Memory plus swap; equal to <see cref="Limit"/> means no swap.</summary>
    [JsonPropertyName("swap")]
    public long? Swap { get; init; }
}
