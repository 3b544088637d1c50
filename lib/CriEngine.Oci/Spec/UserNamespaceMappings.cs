namespace CriEngine.Oci.Spec;

/// <summary>
/// The uid and gid ranges of a pod's user namespace: one range each, starting at id 0 inside, as
/// the kubelet assigns them.
/// </summary>
public sealed record UserNamespaceMappings(OciIdMapping Uid, OciIdMapping Gid)
{
    public IReadOnlyList<OciIdMapping> UidMappings => [Uid];

    public IReadOnlyList<OciIdMapping> GidMappings => [Gid];

    /// <summary>The uid range as a line of /proc/PID/uid_map.</summary>
    public string UidMapLine => Line(Uid);

    /// <summary>The gid range as a line of /proc/PID/gid_map.</summary>
    public string GidMapLine => Line(Gid);

    private static string Line(OciIdMapping mapping) => FormattableString.Invariant($"{mapping.ContainerId} {mapping.HostId} {mapping.Size}\n");

    /// <summary>The host id that <paramref name="id"/> inside stands for, or null when the range does not hold it.</summary>
    public static uint? ToHost(OciIdMapping mapping, uint id) =>
        id >= mapping.ContainerId && id - mapping.ContainerId < mapping.Size ? mapping.HostId + (id - mapping.ContainerId) : null;

    public override string ToString() =>
        $"uids {Uid.ContainerId}-{Uid.ContainerId + Uid.Size - 1} → {Uid.HostId}-{Uid.HostId + Uid.Size - 1}, gids {Gid.ContainerId}-{Gid.ContainerId + Gid.Size - 1} → {Gid.HostId}-{Gid.HostId + Gid.Size - 1}";
}
