using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The pids cgroup limit (runtime-spec config-linux.md "resources.pids").</summary>
public sealed record OciPids
{
    [JsonPropertyName("limit")]
    public long Limit { get; init; }
}
