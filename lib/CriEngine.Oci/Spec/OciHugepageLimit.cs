using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>A hugetlb cgroup limit for one page size (runtime-spec config-linux.md "resources.hugepageLimits").</summary>
public sealed record OciHugepageLimit
{
    /// <summary>E.g. "2MB", "1GB".</summary>
    [JsonPropertyName("pageSize")]
    public required string PageSize { get; init; }

    [JsonPropertyName("limit")]
    public ulong Limit { get; init; }
}
