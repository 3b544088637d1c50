using System.Text.Json.Serialization;

namespace CriEngine.Oci.Cdi;

/// <summary>A device node of a CDI edit; what it leaves out is read from the host's node.</summary>
internal sealed record CdiDeviceNode
{
    /// <summary>Where the node is in the container.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>Where the node is on the host; empty means <see cref="Path"/>.</summary>
    [JsonPropertyName("hostPath")]
    public string? HostPath { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("major")]
    public long? Major { get; init; }

    [JsonPropertyName("minor")]
    public long? Minor { get; init; }

    [JsonPropertyName("fileMode")]
    public uint? FileMode { get; init; }

    /// <summary>Device cgroup access, of r, w, m; empty means rwm.</summary>
    [JsonPropertyName("permissions")]
    public string? Permissions { get; init; }

    [JsonPropertyName("uid")]
    public uint? Uid { get; init; }

    [JsonPropertyName("gid")]
    public uint? Gid { get; init; }
}
