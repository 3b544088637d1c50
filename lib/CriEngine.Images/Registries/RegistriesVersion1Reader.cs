using CriEngine.Config;
using CriEngine.Config.Toml;

namespace CriEngine.Images.Registries;

/// <summary>
/// The deprecated version 1 format, converted to version 2 as containers/image converts it:
/// <c>[registries.search]</c> becomes <c>unqualified-search-registries</c>, and every entry of
/// <c>[registries.block]</c> and <c>[registries.insecure]</c> a <c>[[registry]]</c> whose prefix
/// and location are the entry. Empty lists count as absent.
/// </summary>
internal static class RegistriesVersion1Reader
{
    private const string LocationForm = "host[:port][/path]";

    /// <summary>The converted file, or null when it has no version 1 section with a non-empty list.</summary>
    public static RegistriesFile? Read(TomlTable document, TomlFieldReader fields)
    {
        if (!document.TryGetValue("registries", out var value) || value is not TomlTable section)
            return null;
        var search = Section(section, "search", fields);
        var insecure = Section(section, "insecure", fields);
        var block = Section(section, "block", fields);
        if (!new[] { search, insecure, block }.Any(list => list is TomlTable t && t.TryGetValue("registries", out var r) && r is TomlArray { Count: > 0 }))
            return null;

        var entries = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
        AddEntries(block, "block", entries, fields, entry => entry with { Blocked = true });
        AddEntries(insecure, "insecure", entries, fields, entry => entry with { Insecure = true });
        var searchRegistries = search is null
            ? null
            : RegistriesFileReader.SearchRegistries(search, "registries", "registries.search.registries", fields);
        return new RegistriesFile(entries.Values.ToList(), searchRegistries, null, []);
    }

    private static TomlTable? Section(TomlTable section, string name, TomlFieldReader fields) =>
        fields.Get<TomlTable>(section, name, $"registries.{name}", "a table");

    private static void AddEntries(TomlTable? list, string name, Dictionary<string, RegistryEntry> entries, TomlFieldReader fields, Func<RegistryEntry, RegistryEntry> mark)
    {
        var keyPath = $"registries.{name}.registries";
        if (list is null || fields.Strings(list, "registries", keyPath) is not { } values)
            return;
        foreach (var value in values)
        {
            if (fields.Location(value, keyPath, RegistryPrefix.IsLocation, LocationForm) is not { Length: > 0 } location)
                continue;
            var entry = entries.GetValueOrDefault(location)
                ?? new RegistryEntry(location, location, false, false, false, ValueList<RegistryMirror>.Empty, fields.OriginOf(value) with { Column = 0 });
            entries[location] = mark(entry);
        }
    }
}
