using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>
/// An OCI runtime spec, the config.json of a bundle (runtime-spec config.md). Property names are
/// the spec's; a null property is left out of the file, so a runtime applies its own default.
/// </summary>
public sealed record RuntimeSpec
{
    /// <summary>The runtime-spec version the engine writes: the one Debian's runc 1.1 and crun 1.8 implement.</summary>
    public const string Version = "1.0.2";

    [JsonPropertyName("ociVersion")]
    public string OciVersion { get; init; } = Version;

    [JsonPropertyName("process")]
    public OciProcess? Process { get; init; }

    [JsonPropertyName("root")]
    public OciRoot? Root { get; init; }

    [JsonPropertyName("hostname")]
    public string? Hostname { get; init; }

    [JsonPropertyName("mounts")]
    public IReadOnlyList<OciMount>? Mounts { get; init; }

    [JsonPropertyName("hooks")]
    public OciHooks? Hooks { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("linux")]
    public OciLinux? Linux { get; init; }
}
