using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>A range of user or group ids mapped into a user namespace or an idmapped mount (runtime-spec config-linux.md).</summary>
public sealed record OciIdMapping
{
    [JsonPropertyName("containerID")]
    public uint ContainerId { get; init; }

    [JsonPropertyName("hostID")]
    public uint HostId { get; init; }

    [JsonPropertyName("size")]
    public uint Size { get; init; }
}
