using System.Text.Json.Serialization;

namespace CriEngine.Oci.Seccomp;

/// <summary>A condition on a profile rule: capabilities ("CAP_SYS_ADMIN"), Go architecture names ("amd64"), a kernel version ("5.8").</summary>
public sealed record SeccompSyscallFilter
{
    [JsonPropertyName("caps")]
    public IReadOnlyList<string>? Caps { get; init; }

    [JsonPropertyName("arches")]
    public IReadOnlyList<string>? Arches { get; init; }

    [JsonPropertyName("minKernel")]
    public string? MinKernel { get; init; }
}
