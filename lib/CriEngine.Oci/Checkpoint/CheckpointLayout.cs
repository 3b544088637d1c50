namespace CriEngine.Oci.Checkpoint;

/// <summary>
/// The names in a container checkpoint archive, CRI-O's (checkpointctl's and go-criu's): what
/// CRI-O, Podman and checkpointctl read back.
/// </summary>
public static class CheckpointLayout
{
    /// <summary>CRIU's image files (<c>runc checkpoint --image-path</c>).</summary>
    public const string CheckpointDirectory = "checkpoint";

    /// <summary>CRIU's log of the dump (<c>--work-path</c>).</summary>
    public const string DumpLog = "dump.log";

    /// <summary>CRIU's statistics of the dump (<c>--work-path</c>).</summary>
    public const string StatsDump = "stats-dump";

    /// <summary>The container's metadata as JSON (<see cref="CheckpointConfigDump"/>).</summary>
    public const string ConfigDump = "config.dump";

    /// <summary>The container's OCI runtime spec (its config.json).</summary>
    public const string SpecDump = "spec.dump";

    /// <summary>The container's bind mounts with their source's type, for a restore to recreate missing sources.</summary>
    public const string BindMounts = "bind.mounts";

    /// <summary>The files the container added or changed in its root file system, as a tar.</summary>
    public const string RootfsDiffTar = "rootfs-diff.tar";

    /// <summary>The files the container deleted from its image's, as a JSON array of absolute paths.</summary>
    public const string DeletedFiles = "deleted.files";

    /// <summary>The container's log, under the name of the annotation CRI-O keeps its path in.</summary>
    public const string ContainerLog = "io.kubernetes.cri-o.LogPath";

    /// <summary>The archive's top-level entries in CRI-O's order; one that was not written is left out.</summary>
    public static readonly IReadOnlyList<string> Entries =
        [StatsDump, DumpLog, CheckpointDirectory, ConfigDump, SpecDump, BindMounts, RootfsDiffTar, DeletedFiles, ContainerLog];
}
