namespace CriEngine.Oci.Checkpoint;

/// <summary>What goes into a container's checkpoint archive.</summary>
/// <param name="WorkDirectory">Where CRIU wrote its images (<see cref="CheckpointLayout.CheckpointDirectory"/>), dump.log and stats-dump; the archive's other files are written here too.</param>
/// <param name="Config">The container's metadata.</param>
/// <param name="Bundle">The container's OCI bundle: its config.json is the spec dumped.</param>
/// <param name="UpperDirectory">The container's overlay upper directory: what it changed in its root file system.</param>
/// <param name="LogPath">The container's log file, if it has one.</param>
public sealed record CheckpointContents(string WorkDirectory, CheckpointConfigDump Config, string Bundle, string UpperDirectory, string? LogPath);
