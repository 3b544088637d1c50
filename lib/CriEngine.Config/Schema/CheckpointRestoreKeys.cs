using static CriEngine.Config.Schema.ConfigKeyTraits;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.checkpoint_restore]</c>.</summary>
internal static class CheckpointRestoreKeys
{
    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, CheckpointRestoreSection>("crio.checkpoint_restore", c => c.CheckpointRestore, (c, s) => c with { CheckpointRestore = s })
            .Text("container_level_enabled", "", None, "\"checkpoint_restore\" serves the CheckpointPod and RestorePod calls.",
                s => s.ContainerLevelEnabled, (s, v) => s with { ContainerLevelEnabled = v })
            .NotActedOn("pod checkpoint and restore are not supported; CheckpointContainer follows enable_criu_support")
            .Settings;
}
