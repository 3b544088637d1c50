using System.Text.Json.Serialization;

namespace CriEngine.Oci.Cdi;

/// <summary>What a CDI device adds to a container's spec.</summary>
internal sealed record CdiContainerEdits
{
    /// <summary>NAME=value: replaces a variable of the same name.</summary>
    [JsonPropertyName("env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("deviceNodes")]
    public IReadOnlyList<CdiDeviceNode>? DeviceNodes { get; init; }

    [JsonPropertyName("mounts")]
    public IReadOnlyList<CdiMount>? Mounts { get; init; }

    [JsonPropertyName("hooks")]
    public IReadOnlyList<CdiHook>? Hooks { get; init; }

    [JsonPropertyName("additionalGids")]
    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}
