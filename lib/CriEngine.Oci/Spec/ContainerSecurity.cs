namespace CriEngine.Oci.Spec;

/// <summary>What a container's security context turns into in the spec.</summary>
/// <param name="Seccomp">Null: unconfined.</param>
/// <param name="ApparmorProfile">Null: no AppArmor profile.</param>
internal sealed record ContainerSecurity(
    bool Privileged,
    bool ReadonlyRootfs,
    OciCapabilities Capabilities,
    bool NoNewPrivileges,
    IReadOnlyList<string>? MaskedPaths,
    IReadOnlyList<string>? ReadonlyPaths,
    OciSeccomp? Seccomp,
    string? ApparmorProfile);
