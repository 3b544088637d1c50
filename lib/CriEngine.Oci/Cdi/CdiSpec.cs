using System.Text.Json.Serialization;

namespace CriEngine.Oci.Cdi;

/// <summary>A CDI specification file (container-device-interface SPEC.md): a kind of device, its devices, and edits common to all of them.</summary>
internal sealed record CdiSpec
{
    [JsonPropertyName("cdiVersion")]
    public string? CdiVersion { get; init; }

    /// <summary>"vendor.com/class".</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("devices")]
    public IReadOnlyList<CdiDevice>? Devices { get; init; }

    [JsonPropertyName("containerEdits")]
    public CdiContainerEdits? ContainerEdits { get; init; }
}
