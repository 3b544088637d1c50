using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>A condition on one argument of a system call in a seccomp rule.</summary>
public sealed record OciSyscallArgument
{
    [JsonPropertyName("index")]
    public uint Index { get; init; }

    [JsonPropertyName("value")]
    public ulong Value { get; init; }

    [JsonPropertyName("valueTwo")]
    public ulong? ValueTwo { get; init; }

    /// <summary>E.g. "SCMP_CMP_EQ".</summary>
    [JsonPropertyName("op")]
    public required string Op { get; init; }
}
