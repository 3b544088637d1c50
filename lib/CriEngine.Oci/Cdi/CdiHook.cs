using System.Text.Json.Serialization;

namespace CriEngine.Oci.Cdi;

/// <summary>A hook of a CDI edit, at the OCI stage <see cref="HookName"/>.</summary>
internal sealed record CdiHook
{
    [JsonPropertyName("hookName")]
    public string? HookName { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("args")]
    public IReadOnlyList<string>? Args { get; init; }

    [JsonPropertyName("env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("timeout")]
    public int? Timeout { get; init; }
}
