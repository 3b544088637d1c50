namespace CriEngine.Config;

/// <param name="Config">The effective configuration.</param>
/// <param name="NotHonoured">Keys set to other than their default that the engine does not act on, each once with where it was last set, its value and the reason; then the flags without a key that it does not act on.</param>
/// <param name="Warnings">Problems that did not stop the load, as they do not stop CRI-O: keys CRI-O does not know, runtime handlers left out because they are unusable.</param>
/// <param name="Files">The files read, in the order they were applied.</param>
public sealed record LoadedConfig(
    CrioConfig Config,
    ValueList<ConfigIssue> NotHonoured,
    ValueList<ConfigIssue> Warnings,
    ValueList<string> Files);
