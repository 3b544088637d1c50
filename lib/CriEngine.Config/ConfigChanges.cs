using CriEngine.Config.Schema;

namespace CriEngine.Config;

/// <summary>What a reload changes, for the daemon to log and to decide what needs a restart.</summary>
public static class ConfigChanges
{
    /// <summary>
    /// One change per key that differs, in the order of the key table. A runtime handler
    /// added or removed gives one change per key of it, with a null value on the side where
    /// it does not exist.
    /// </summary>
    public static IReadOnlyList<ConfigChange> Between(CrioConfig old, CrioConfig @new)
    {
        var changes = new List<ConfigChange>();
        ConfigSchema.Tree.CollectChanges(old, @new, KeyPath.Root, changes);
        return changes;
    }

    /// <summary>
    /// The config a reload puts in force: <paramref name="loaded"/>, except that keys which need
    /// a restart keep their <paramref name="running"/> value until then, so that the config in
    /// force always describes what the daemon really does.
    /// </summary>
    public static CrioConfig ApplyLive(CrioConfig running, CrioConfig loaded) => ConfigSchema.Tree.ApplyLive(running, loaded);
}
