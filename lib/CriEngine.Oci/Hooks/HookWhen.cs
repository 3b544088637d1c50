using System.Text.Json.Serialization;

namespace CriEngine.Oci.Hooks;

/// <summary>The conditions of a hook file (oci-hooks(5) "when"): a hook is injected when every condition set holds.</summary>
internal sealed record HookWhen
{
    [JsonPropertyName("always")]
    public bool? Always { get; init; }

    /// <summary>Regular expressions on an annotation's key and on its value: some annotation must match both.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Regular expressions, any of which must match the container's process.args[0].</summary>
    [JsonPropertyName("commands")]
    public IReadOnlyList<string>? Commands { get; init; }

    [JsonPropertyName("hasBindMounts")]
    public bool? HasBindMounts { get; init; }
}
