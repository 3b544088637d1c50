using System.Text.Json.Serialization;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Seccomp;

/// <summary>A rule of a profile file: system calls, an action, and when the rule applies.</summary>
public sealed record SeccompSyscall
{
    /// <summary>Docker's older profiles name one call per rule.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("names")]
    public IReadOnlyList<string>? Names { get; init; }

    [JsonPropertyName("action")]
    public string Action { get; init; } = "";

    [JsonPropertyName("errnoRet")]
    public uint? ErrnoRet { get; init; }

    [JsonPropertyName("args")]
    public IReadOnlyList<OciSyscallArgument>? Args { get; init; }

    /// <summary>The rule applies only when all of these hold.</summary>
    [JsonPropertyName("includes")]
    public SeccompSyscallFilter? Includes { get; init; }

    /// <summary>The rule does not apply when any of these holds.</summary>
    [JsonPropertyName("excludes")]
    public SeccompSyscallFilter? Excludes { get; init; }

    [JsonIgnore]
    public IEnumerable<string> AllNames =>
        (Names ?? []).Concat(string.IsNullOrEmpty(Name) ? [] : [Name]).Where(name => name.Length > 0);

    /// <summary>containers/common's rules: capabilities are looked for in the bounding set.</summary>
    internal bool AppliesTo(IReadOnlyCollection<string> capabilities, SeccompPlatform platform)
    {
        if (Excludes is { } excludes
            && ((excludes.Arches ?? []).Contains(platform.GoArchitecture)
                || (excludes.Caps ?? []).Any(capabilities.Contains)
                || (excludes.MinKernel is { } below && platform.KernelAtLeast(below))))
            return false;
        if (Includes is { } includes
            && ((includes.Arches is { Count: > 0 } arches && !arches.Contains(platform.GoArchitecture))
                || !(includes.Caps ?? []).All(capabilities.Contains)
                || (includes.MinKernel is { } minimum && !platform.KernelAtLeast(minimum))))
            return false;
        return true;
    }
}
