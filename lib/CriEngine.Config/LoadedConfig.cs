namespace CriEngine.Config;

/// <param name="Config">The effective configuration.</param>
/// <param name="NotHonoured">Keys that were set but that the engine does not act on yet, each once, with where it was last set.</param>
/// <param name="Warnings">Problems that did not stop the load, as they do not stop CRI-O: keys CRI-O does not know, runtime handlers left out because they are unusable.</param>
/// <param name="Files">The files read, in the order they were applied.</param>
public sealed record LoadedConfig(
    CrioConfig Config,
    ValueList<IgnoredKey> NotHonoured,
    ValueList<ConfigIssue> Warnings,
    ValueList<string> Files);
