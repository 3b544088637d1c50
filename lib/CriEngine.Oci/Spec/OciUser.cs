using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The identity the process runs as (runtime-spec config.md "user", POSIX platforms).</summary>
public sealed record OciUser
{
    [JsonPropertyName("uid")]
    public uint Uid { get; init; }

    [JsonPropertyName("gid")]
    public uint Gid { get; init; }

    [JsonPropertyName("umask")]
    public uint? Umask { get; init; }

    [JsonPropertyName("additionalGids")]
    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}
