using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>A seccomp filter (runtime-spec config-linux.md "seccomp").</summary>
public sealed record OciSeccomp
{
    [JsonPropertyName("defaultAction")]
    public required string DefaultAction { get; init; }

    [JsonPropertyName("defaultErrnoRet")]
    public uint? DefaultErrnoRet { get; init; }

    [JsonPropertyName("architectures")]
    public IReadOnlyList<string>? Architectures { get; init; }

    [JsonPropertyName("flags")]
    public IReadOnlyList<string>? Flags { get; init; }

    [JsonPropertyName("listenerPath")]
    public string? ListenerPath { get; init; }

    [JsonPropertyName("syscalls")]
    public IReadOnlyList<OciSyscallRule>? Syscalls { get; init; }
}
