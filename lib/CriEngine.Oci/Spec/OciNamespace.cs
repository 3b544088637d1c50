using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>
/// A namespace of the container: a new one when <see cref="Path"/> is null, else the one at that
/// path (runtime-spec config-linux.md "namespaces"). A type left out of the list is the host's.
/// </summary>
public sealed record OciNamespace
{
    public const string Pid = "pid";
    public const string Network = "network";
    public const string Mount = "mount";
    public const string Ipc = "ipc";
    public const string Uts = "uts";
    public const string User = "user";
    public const string Cgroup = "cgroup";

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }
}
