using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The cgroup settings of the container (runtime-spec config-linux.md "resources").</summary>
public sealed record OciResources
{
    [JsonPropertyName("devices")]
    public IReadOnlyList<OciDeviceRule>? Devices { get; init; }

    [JsonPropertyName("memory")]
    public OciMemory? Memory { get; init; }

    [JsonPropertyName("cpu")]
    public OciCpu? Cpu { get; init; }

    [JsonPropertyName("pids")]
    public OciPids? Pids { get; init; }

    [JsonPropertyName("hugepageLimits")]
    public IReadOnlyList<OciHugepageLimit>? HugepageLimits { get; init; }

    [JsonPropertyName("unified")]
    public IReadOnlyDictionary<string, string>? Unified { get; init; }
}
