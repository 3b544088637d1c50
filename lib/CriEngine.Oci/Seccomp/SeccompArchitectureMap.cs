using System.Text.Json.Serialization;

namespace CriEngine.Oci.Seccomp;

/// <summary>An architecture of a profile's archMap and the ones its processes may also run as.</summary>
public sealed record SeccompArchitectureMap
{
    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "";

    [JsonPropertyName("subArchitectures")]
    public IReadOnlyList<string>? SubArchitectures { get; init; }
}
