using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>CPU and cpuset cgroup settings (runtime-spec config-linux.md "resources.cpu").</summary>
public sealed record OciCpu
{
    [JsonPropertyName("shares")]
    public ulong? Shares { get; init; }

    [JsonPropertyName("quota")]
    public long? Quota { get; init; }

    [JsonPropertyName("period")]
    public ulong? Period { get; init; }

    [JsonPropertyName("cpus")]
    public string? Cpus { get; init; }

    [JsonPropertyName("mems")]
    public string? Mems { get; init; }
}
