using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// A key holding named tables of one shape, such as <c>crio.runtime.runtimes</c> with one
/// table per handler name. A name defined again in a later file is merged key by key onto the
/// earlier definition (keys it does not give keep their value); a new name starts from
/// <paramref name="blank"/>, the shape's defaults.
/// </summary>
internal sealed class NamedTablesSetting<TOwner, TEntry>(
    IReadOnlyList<string> segments,
    string description,
    SchemaTree<TEntry> entries,
    TEntry blank,
    ValueMap<TEntry> defaultValue,
    Func<TOwner, ValueMap<TEntry>> get,
    Func<TOwner, ValueMap<TEntry>, TOwner> set) : Setting<TOwner>(segments, description)
    where TOwner : class
    where TEntry : class
{
    /// <summary>The tables are read; each key of an entry carries its own mark.</summary>
    public override bool Honoured => true;

    public override bool IsNamedTables => true;

    public override TOwner ApplyDefault(TOwner owner) => set(owner, defaultValue);

    public override TOwner Bind(TOwner owner, TomlValue value, KeyPath path, BindContext context)
    {
        if (value is not TomlTable table)
        {
            context.Error(path, value, "must be a table of named tables");
            return owner;
        }
        var map = get(owner);
        foreach (var (name, entryValue) in table)
        {
            var entryPath = path.Child(name);
            if (entryValue is not TomlTable entryTable)
            {
                context.Error(entryPath, entryValue, "must be a table");
                continue;
            }
            context.RecordTable(entryPath, entryTable);
            var entry = map.TryGetValue(name, out var earlier) ? earlier : blank;
            map = map.SetItem(name, entries.Bind(entry, entryTable, entryPath, context));
        }
        return set(owner, map);
    }

    /// <summary>Entries are checked by the config validator, which decides what an unusable entry means.</summary>
    public override IEnumerable<ConfigIssue> Check(TOwner owner, KeyPath path, OriginMap origins) => [];

    /// <summary>
    /// Each entry under its own header; a key is commented out when it holds what loading the
    /// header alone gives: the built-in entry of that name, or else the shape's defaults.
    /// </summary>
    public override void Render(TOwner owner, TOwner baseline, KeyPath path, ConfigTextWriter writer)
    {
        writer.BlankLine();
        writer.Comment(Description);
        foreach (var (name, entry) in get(owner))
            entries.Render(entry, defaultValue.TryGetValue(name, out var builtIn) ? builtIn : blank, path.Child(name), writer);
    }

    public override void WriteJson(TOwner owner, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, entry) in get(owner))
        {
            writer.WritePropertyName(name);
            entries.WriteJson(entry, writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>Named tables (runtime handlers) apply live: a handler added by a reload is usable at once.</summary>
    public override TOwner KeepRunningValueIfRestartOnly(TOwner loaded, TOwner running) => loaded;

    public override void CollectChanges(TOwner? old, TOwner? @new, KeyPath path, List<ConfigChange> changes)
    {
        var oldMap = old is null ? ValueMap<TEntry>.Empty : get(old);
        var newMap = @new is null ? ValueMap<TEntry>.Empty : get(@new);
        foreach (var name in oldMap.Keys.Union(newMap.Keys).Order(StringComparer.Ordinal))
        {
            entries.CollectChanges(
                oldMap.TryGetValue(name, out var oldEntry) ? oldEntry : null,
                newMap.TryGetValue(name, out var newEntry) ? newEntry : null,
                path.Child(name),
                changes);
        }
    }
}
