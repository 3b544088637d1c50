namespace CriEngine.Oci.Spec;

/// <summary>Who the container's process runs as, as ContainerStatus reports it.</summary>
/// <param name="Name">The user's name in the image's /etc/passwd, when it has one.</param>
public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids, string? Name);
