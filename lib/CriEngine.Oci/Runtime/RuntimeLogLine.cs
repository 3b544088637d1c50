using System.Text.Json.Serialization;

namespace CriEngine.Oci.Runtime;

/// <summary>One line runc or crun writes with <c>--log-format json</c>.</summary>
internal sealed class RuntimeLogLine
{
    [JsonPropertyName("msg")]
    public string? Message { get; set; }
}
