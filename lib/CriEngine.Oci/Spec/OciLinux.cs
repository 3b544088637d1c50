using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The Linux part of the spec (runtime-spec config-linux.md).</summary>
public sealed record OciLinux
{
    [JsonPropertyName("uidMappings")]
    public IReadOnlyList<OciIdMapping>? UidMappings { get; init; }

    [JsonPropertyName("gidMappings")]
    public IReadOnlyList<OciIdMapping>? GidMappings { get; init; }

    [JsonPropertyName("sysctl")]
    public IReadOnlyDictionary<string, string>? Sysctl { get; init; }

    [JsonPropertyName("resources")]
    public OciResources? Resources { get; init; }

    [JsonPropertyName("cgroupsPath")]
    public string? CgroupsPath { get; init; }

    [JsonPropertyName("namespaces")]
    public IReadOnlyList<OciNamespace>? Namespaces { get; init; }

    [JsonPropertyName("devices")]
    public IReadOnlyList<OciDevice>? Devices { get; init; }

    [JsonPropertyName("seccomp")]
    public OciSeccomp? Seccomp { get; init; }

    [JsonPropertyName("rootfsPropagation")]
    public string? RootfsPropagation { get; init; }

    [JsonPropertyName("maskedPaths")]
    public IReadOnlyList<string>? MaskedPaths { get; init; }

    [JsonPropertyName("readonlyPaths")]
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }

    [JsonPropertyName("mountLabel")]
    public string? MountLabel { get; init; }
}
