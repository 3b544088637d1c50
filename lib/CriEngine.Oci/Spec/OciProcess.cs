using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The container's process (runtime-spec config.md "process").</summary>
public sealed record OciProcess
{
    [JsonPropertyName("terminal")]
    public bool? Terminal { get; init; }

    [JsonPropertyName("user")]
    public required OciUser User { get; init; }

    [JsonPropertyName("args")]
    public required IReadOnlyList<string> Args { get; init; }

    [JsonPropertyName("env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("cwd")]
    public required string Cwd { get; init; }

    [JsonPropertyName("capabilities")]
    public OciCapabilities? Capabilities { get; init; }

    [JsonPropertyName("rlimits")]
    public IReadOnlyList<OciRlimit>? Rlimits { get; init; }

    [JsonPropertyName("noNewPrivileges")]
    public bool? NoNewPrivileges { get; init; }

    [JsonPropertyName("apparmorProfile")]
    public string? ApparmorProfile { get; init; }

    [JsonPropertyName("oomScoreAdj")]
    public int? OomScoreAdj { get; init; }

    [JsonPropertyName("selinuxLabel")]
    public string? SelinuxLabel { get; init; }
}
