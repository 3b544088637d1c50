namespace CriEngine.Oci.Spec;

/// <summary>Who the container's process runs as, as ContainerStatus reports it.</summary>
/// <param name="Name">The user's name in the image's /etc/passwd, when it has one.</param>
public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids, string? Name)
{
    /// <summary>The user part of the user asked for ("1000680000" of "1000680000:0"); empty when none was.</summary>
    public string Requested { get; init; } = "";

    /// <summary>The group the image's database gives the user, before run_as_group: the one a generated passwd entry names.</summary>
    public uint DatabaseGid { get; init; }
}
