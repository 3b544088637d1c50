namespace CriEngine.Oci.Spec;

/// <summary>What a container's security context turns into in the spec.</summary>
internal sealed record ContainerSecurity(
    bool Privileged,
    bool ReadonlyRootfs,
    OciCapabilities Capabilities,
    bool NoNewPrivileges,
    IReadOnlyList<string>? MaskedPaths,
    IReadOnlyList<string>? ReadonlyPaths);
