using System.Text.Json.Serialization;

namespace CriEngine.Oci.Cdi;

/// <summary>One device of a CDI specification: its name within the kind, and its edits.</summary>
internal sealed record CdiDevice
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("containerEdits")]
    public CdiContainerEdits? ContainerEdits { get; init; }
}
