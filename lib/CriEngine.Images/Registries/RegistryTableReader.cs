using CriEngine.Config;
using CriEngine.Config.Toml;

namespace CriEngine.Images.Registries;

/// <summary>
/// Reads the <c>[[registry]]</c> tables of one file with containers/image's checks
/// (<c>postProcessRegistries</c>): a table needs a location unless its prefix is a wildcard;
/// <c>pull-from-mirror</c> belongs to mirrors only and not beside <c>mirror-by-digest-only</c>;
/// tables for the same location must agree on <c>insecure</c> and <c>blocked</c>; and of two
/// tables with the same prefix the first wins.
/// </summary>
internal static class RegistryTableReader
{
    private const string PrefixForms = "host[:port][/path][:tag|@digest] or *.domain";
    private const string LocationForm = "host[:port][/path]";

    public static IReadOnlyList<RegistryEntry> Read(TomlTable document, TomlFieldReader fields)
    {
        var entries = new List<(RegistryEntry Entry, TomlTable Table)>();
        foreach (var table in fields.Tables(document, "registry", "registry"))
        {
            if (ReadEntry(table, fields) is { } entry)
                entries.Add((entry, table));
        }
        CheckConflicts(entries, fields);
        return entries.Select(e => e.Entry).DistinctBy(entry => entry.Prefix, StringComparer.Ordinal).ToList();
    }

    private static RegistryEntry? ReadEntry(TomlTable table, TomlFieldReader fields)
    {
        var prefix = fields.Location(table, "prefix", "registry.prefix", RegistryPrefix.IsPrefix, PrefixForms);
        var location = fields.Location(table, "location", "registry.location", RegistryPrefix.IsLocation, LocationForm);
        var insecure = fields.Boolean(table, "insecure", "registry.insecure");
        var blocked = fields.Boolean(table, "blocked", "registry.blocked");
        var mirrorByDigestOnly = fields.Boolean(table, "mirror-by-digest-only", "registry.mirror-by-digest-only");
        if (table.TryGetValue("pull-from-mirror", out var misplaced))
            fields.Problem(misplaced, "registry.pull-from-mirror", "only a [[registry.mirror]] may set it, not the registry itself");
        var mirrors = fields.Tables(table, "mirror", "registry.mirror")
            .Select(mirror => ReadMirror(mirror, mirrorByDigestOnly, fields))
            .ToList();
        if (prefix is null || location is null || misplaced is not null || mirrors.Contains(null))
            return null;

        if (prefix.Length == 0)
        {
            if (location.Length == 0)
            {
                fields.TableProblem(table, "registry", "sets neither prefix nor location");
                return null;
            }
            prefix = location;
        }
        else if (location.Length == 0 && !RegistryPrefix.IsWildcard(prefix))
        {
            // containers-registries.conf(5): the location defaults to the prefix.
            location = prefix;
        }
        return new RegistryEntry(prefix, location, insecure, blocked, mirrorByDigestOnly,
            ValueList<RegistryMirror>.From(mirrors.OfType<RegistryMirror>()), fields.OriginOf(table) with { Column = 0 });
    }

    private static RegistryMirror? ReadMirror(TomlTable table, bool registryMirrorsByDigestOnly, TomlFieldReader fields)
    {
        var location = fields.Location(table, "location", "registry.mirror.location", RegistryPrefix.IsLocation, LocationForm);
        var insecure = fields.Boolean(table, "insecure", "registry.mirror.insecure");
        var pullFrom = ReadPullFromMirror(table, registryMirrorsByDigestOnly, fields);
        if (location is null || pullFrom is null)
            return null;
        if (location.Length == 0)
        {
            fields.TableProblem(table, "registry.mirror", "has no location");
            return null;
        }
        return new RegistryMirror(location, insecure, pullFrom.Value);
    }

    private static PullFromMirror? ReadPullFromMirror(TomlTable table, bool registryMirrorsByDigestOnly, TomlFieldReader fields)
    {
        const string key = "registry.mirror.pull-from-mirror";
        if (fields.Text(table, "pull-from-mirror", key) is not { } value)
            return table.ContainsKey("pull-from-mirror") ? null : PullFromMirror.All;
        var text = (string)value.Value;
        if (text.Length > 0 && registryMirrorsByDigestOnly)
        {
            fields.Problem(value, key, "cannot be set when the registry sets mirror-by-digest-only");
            return null;
        }
        PullFromMirror? mode = text switch
        {
            "" or "all" => PullFromMirror.All,
            "digest-only" => PullFromMirror.DigestOnly,
            "tag-only" => PullFromMirror.TagOnly,
            _ => null,
        };
        if (mode is null)
            fields.Problem(value, key, "must be \"all\", \"digest-only\" or \"tag-only\"");
        return mode;
    }

    private static void CheckConflicts(List<(RegistryEntry Entry, TomlTable Table)> entries, TomlFieldReader fields)
    {
        foreach (var group in entries.GroupBy(e => e.Entry.Location.Length > 0 ? e.Entry.Location : e.Entry.Prefix, StringComparer.Ordinal))
        {
            var (first, _) = group.First();
            foreach (var (entry, table) in group.Skip(1))
            {
                if (entry.Insecure != first.Insecure)
                    fields.TableProblem(table, "registry", $"registry \"{group.Key}\" is defined again with a conflicting insecure setting (first at line {first.Origin.Line})");
                if (entry.Blocked != first.Blocked)
                    fields.TableProblem(table, "registry", $"registry \"{group.Key}\" is defined again with a conflicting blocked setting (first at line {first.Origin.Line})");
            }
        }
    }
}
