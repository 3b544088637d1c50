using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The action for a group of system calls in a seccomp filter (runtime-spec config-linux.md "seccomp.syscalls").</summary>
public sealed record OciSyscallRule
{
    [JsonPropertyName("names")]
    public required IReadOnlyList<string> Names { get; init; }

    [JsonPropertyName("action")]
    public required string Action { get; init; }

    [JsonPropertyName("errnoRet")]
    public uint? ErrnoRet { get; init; }

    [JsonPropertyName("args")]
    public IReadOnlyList<OciSyscallArgument>? Args { get; init; }
}
