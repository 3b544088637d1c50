using CriEngine.Api;

namespace CriEngine.Oci.Spec;

/// <summary>A container's spec and the facts derived on the way that ContainerStatus and StopContainer need.</summary>
/// <param name="StopSignal">The signal number that stops the container: the CRI's, else the image's, else SIGTERM.</param>
/// <param name="OomScoreAdj">Null when the request had no resources.</param>
/// <param name="Mounts">The CRI mounts as made, host paths with symlinks resolved.</param>
public sealed record ContainerSpec(
    RuntimeSpec Spec,
    int StopSignal,
    ResolvedUser User,
    OomScoreAdjustment? OomScoreAdj,
    IReadOnlyList<Mount> Mounts);
