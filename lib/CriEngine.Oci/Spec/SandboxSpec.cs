namespace CriEngine.Oci.Spec;

/// <summary>The infra container's spec and what the caller needs beside it.</summary>
/// <param name="Hostname">The pod's hostname, to be written to <see cref="SandboxFiles.HostnamePath"/>.</param>
public sealed record SandboxSpec(RuntimeSpec Spec, string Hostname, OomScoreAdjustment OomScoreAdj);
