using System.Text.Json.Serialization;

namespace CriEngine.Oci.Runtime;

/// <summary>The JSON of <c>runtime state</c> and of each entry of <c>runtime list --format json</c>.</summary>
internal sealed class OciStateDocument
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("pid")]
    public int Pid { get; set; }

    [JsonPropertyName("status")]
    public string Status { get; set; } = "";

    [JsonPropertyName("bundle")]
    public string Bundle { get; set; } = "";
}
