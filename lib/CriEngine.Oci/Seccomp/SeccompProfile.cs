using System.Text.Json;
using System.Text.Json.Serialization;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Seccomp;

/// <summary>
/// A seccomp profile file as CRI-O and podman read it (containers/common's format, Docker's before
/// it): the OCI seccomp fields plus an architecture map and rules that apply only with or without
/// a capability, an architecture or a kernel version. A plain OCI seccomp object is one too.
/// </summary>
public sealed record SeccompProfile
{
    [JsonPropertyName("defaultAction")]
    public string DefaultAction { get; init; } = "";

    [JsonPropertyName("defaultErrnoRet")]
    public uint? DefaultErrnoRet { get; init; }

    [JsonPropertyName("architectures")]
    public IReadOnlyList<string>? Architectures { get; init; }

    [JsonPropertyName("archMap")]
    public IReadOnlyList<SeccompArchitectureMap>? ArchMap { get; init; }

    [JsonPropertyName("flags")]
    public IReadOnlyList<string>? Flags { get; init; }

    [JsonPropertyName("listenerPath")]
    public string? ListenerPath { get; init; }

    [JsonPropertyName("syscalls")]
    public IReadOnlyList<SeccompSyscall>? Syscalls { get; init; }

    /// <summary>The built-in RuntimeDefault profile.</summary>
    public static SeccompProfile Default { get; } = Parse(DefaultSeccompProfile.Json, "the built-in seccomp profile");

    /// <summary>Reads a profile file; a missing, unreadable or invalid one is refused naming <paramref name="what"/>.</summary>
    public static async Task<SeccompProfile> LoadAsync(string path, string what, CancellationToken cancellationToken)
    {
        byte[] json;
        try
        {
            json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"{what}: cannot read {path}: {e.Message}");
        }
        return Parse(json, $"{what} {path}");
    }

    public static SeccompProfile Parse(ReadOnlySpan<byte> json, string what)
    {
        SeccompProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, SeccompProfileJsonContext.Default.SeccompProfile);
        }
        catch (JsonException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"{what}: not a seccomp profile: {e.Message}");
        }
        if (profile is null || !SeccompActions.IsKnown(profile.DefaultAction))
            throw new RpcException(StatusCode.InvalidArgument, $"{what}: defaultAction \"{profile?.DefaultAction}\" is not a seccomp action");
        foreach (var rule in profile.Syscalls ?? [])
        {
            if (!SeccompActions.IsKnown(rule.Action))
                throw new RpcException(StatusCode.InvalidArgument, $"{what}: action \"{rule.Action}\" of {string.Join(",", rule.AllNames)} is not a seccomp action");
            if (!rule.AllNames.Any())
                throw new RpcException(StatusCode.InvalidArgument, $"{what}: a syscall rule names no system call");
        }
        return profile;
    }

    /// <summary>
    /// The OCI filter this profile gives a process with <paramref name="capabilities"/> (its
    /// bounding set) on <paramref name="platform"/>: conditional rules resolved, architectures
    /// mapped to the node's. The rule order is kept: runc hands rules to libseccomp in order.
    /// </summary>
    public OciSeccomp ToOci(IReadOnlyCollection<string> capabilities, SeccompPlatform platform)
    {
        var rules = (Syscalls ?? [])
            .Where(rule => rule.AppliesTo(capabilities, platform))
            .Select(rule => new OciSyscallRule
            {
                Names = rule.AllNames.ToList(),
                Action = rule.Action,
                ErrnoRet = rule.ErrnoRet,
                Args = rule.Args is { Count: > 0 } args ? args : null,
            })
            .ToList();
        return new OciSeccomp
        {
            DefaultAction = DefaultAction,
            DefaultErrnoRet = DefaultErrnoRet,
            Architectures = ArchitecturesFor(platform),
            Flags = Flags is { Count: > 0 } ? Flags : null,
            ListenerPath = string.IsNullOrEmpty(ListenerPath) ? null : ListenerPath,
            Syscalls = rules,
        };
    }

    // An architecture map names the node's architecture and the ones its processes may also run
    // as (32-bit x86 on x86_64); without one, the profile's own list stands.
    private IReadOnlyList<string>? ArchitecturesFor(SeccompPlatform platform)
    {
        if (ArchMap is not { Count: > 0 })
            return Architectures is { Count: > 0 } ? Architectures : null;
        var native = ArchMap.FirstOrDefault(entry => entry.Architecture == platform.NativeArchitecture);
        return native is null ? null : [native.Architecture, .. native.SubArchitectures ?? []];
    }
}
