using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>One entry of the device cgroup's allow/deny list (runtime-spec config-linux.md "resources.devices").</summary>
public sealed record OciDeviceRule
{
    [JsonPropertyName("allow")]
    public bool Allow { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("major")]
    public long? Major { get; init; }

    [JsonPropertyName("minor")]
    public long? Minor { get; init; }

    /// <summary>Any of "r", "w", "m".</summary>
    [JsonPropertyName("access")]
    public string? Access { get; init; }
}
