using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>A device node the runtime creates in the container (runtime-spec config-linux.md "devices").</summary>
public sealed record OciDevice
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>"c" for a character device, "b" for a block device.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("major")]
    public long Major { get; init; }

    [JsonPropertyName("minor")]
    public long Minor { get; init; }

    [JsonPropertyName("fileMode")]
    public uint? FileMode { get; init; }

    [JsonPropertyName("uid")]
    public uint? Uid { get; init; }

    [JsonPropertyName("gid")]
    public uint? Gid { get; init; }
}
