namespace CriEngine.Images.Registries;

/// <summary>
/// What one registries.conf file sets, before it is merged over the files read before it.
/// Null stands for a key the file leaves out, which keeps the earlier value.
/// </summary>
/// <param name="Registries">At most one per prefix: within a file the first table for a prefix wins.</param>
/// <param name="Aliases">Short name to qualified name; a null name erases an earlier alias.</param>
internal sealed record RegistriesFile(
    IReadOnlyList<RegistryEntry> Registries,
    IReadOnlyList<string>? UnqualifiedSearchRegistries,
    ShortNameMode? ShortNameMode,
    IReadOnlyList<KeyValuePair<string, string?>> Aliases)
{
    public static RegistriesFile Empty { get; } = new([], null, null, []);
}
