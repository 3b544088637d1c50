namespace CriEngine.Config;

/// <summary><c>[crio.checkpoint_restore]</c>: pod-level checkpoint and restore.</summary>
public sealed record CheckpointRestoreSection
{
    internal CheckpointRestoreSection()
    {
    }

    /// <summary>"checkpoint_restore" turns on the CheckpointPod and RestorePod calls.</summary>
    public string ContainerLevelEnabled { get; init; } = "";
}
