using System.Text.Json.Serialization;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Hooks;

/// <summary>One hook file of a hooks directory, as oci-hooks(5) schema 1.0.0 writes it.</summary>
internal sealed record HookDefinition
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("hook")]
    public OciHook? Hook { get; init; }

    [JsonPropertyName("when")]
    public HookWhen? When { get; init; }

    [JsonPropertyName("stages")]
    public IReadOnlyList<string>? Stages { get; init; }
}
