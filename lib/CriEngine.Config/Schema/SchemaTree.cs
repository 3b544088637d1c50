using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// The keys of one owner arranged as the TOML tables that hold them. Walking a parsed
/// document against it binds known keys and finds unknown ones; walking it against a config
/// renders TOML and JSON with the same nesting.
/// </summary>
internal sealed class SchemaTree<TOwner>
    where TOwner : class
{
    private readonly Node _root = new(null);

    /// <param name="settings">The keys, in the order they are rendered.</param>
    /// <param name="tableDescriptions">One line per table, by its dotted path relative to the owner.</param>
    public SchemaTree(IReadOnlyList<Setting<TOwner>> settings, IReadOnlyDictionary<string, string> tableDescriptions)
    {
        Settings = settings;
        foreach (var setting in settings)
        {
            var node = _root;
            var path = new List<string>();
            foreach (var segment in setting.Segments.SkipLast(1))
            {
                path.Add(segment);
                if (!node.Children.TryGetValue(segment, out var child))
                {
                    child = new Node(tableDescriptions.GetValueOrDefault(string.Join('.', path)));
                    node.Children.Add(segment, child);
                }
                node = child;
            }
            node.Children.Add(setting.Segments[^1], new Node(null) { Setting = setting });
        }
    }

    public IReadOnlyList<Setting<TOwner>> Settings { get; }

    public TOwner ApplyDefaults(TOwner owner) => Settings.Aggregate(owner, (current, setting) => setting.ApplyDefault(current));

    public TOwner Bind(TOwner owner, TomlTable table, KeyPath path, BindContext context) => Bind(owner, table, _root, path, context);

    public IEnumerable<ConfigIssue> Check(TOwner owner, KeyPath path, OriginMap origins) =>
        Settings.SelectMany(setting => setting.Check(owner, path.Append(setting.Segments), origins));

    /// <summary>The keys as TOML under their table headers, each commented out when it holds <paramref name="baseline"/>'s value.</summary>
    public void Render(TOwner owner, TOwner baseline, KeyPath path, ConfigTextWriter writer) => Render(owner, baseline, _root, path, writer);

    public void WriteJson(TOwner owner, Utf8JsonWriter writer) => WriteJson(owner, _root, writer);

    public TOwner ApplyLive(TOwner running, TOwner loaded) =>
        Settings.Aggregate(loaded, (current, setting) => setting.KeepRunningValueIfRestartOnly(current, running));

    public void CollectChanges(TOwner? old, TOwner? @new, KeyPath path, List<ConfigChange> changes)
    {
        foreach (var setting in Settings)
            setting.CollectChanges(old, @new, path.Append(setting.Segments), changes);
    }

    private static TOwner Bind(TOwner owner, TomlTable table, Node node, KeyPath path, BindContext context)
    {
        foreach (var (key, value) in table)
        {
            var childPath = path.Child(key);
            if (!node.Children.TryGetValue(key, out var child))
                context.Unknown(childPath, value);
            else if (child.Setting is { } setting)
                owner = setting.Bind(owner, value, childPath, context);
            else if (value is TomlTable childTable)
                owner = Bind(owner, childTable, child, childPath, context);
            else
                context.Error(childPath, value, "must be a table");
        }
        return owner;
    }

    // A table's own keys come first, then its sub-tables: TOML puts every key after a header into that table.
    private static void Render(TOwner owner, TOwner baseline, Node node, KeyPath path, ConfigTextWriter writer)
    {
        var values = node.Children.Where(child => child.Value.Setting is { IsNamedTables: false }).ToList();
        if (values.Count > 0)
        {
            writer.BlankLine();
            if (node.Description is { } description)
                writer.Comment(description);
            if (path.Segments.Length > 0)
                writer.Header(path);
            foreach (var (name, child) in values)
            {
                writer.BlankLine();
                child.Setting!.Render(owner, baseline, path.Child(name), writer);
            }
        }
        foreach (var (name, child) in node.Children.Where(child => child.Value.Setting is null))
            Render(owner, baseline, child, path.Child(name), writer);
        foreach (var (name, child) in node.Children.Where(child => child.Value.Setting is { IsNamedTables: true }))
            child.Setting!.Render(owner, baseline, path.Child(name), writer);
    }

    private static void WriteJson(TOwner owner, Node node, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, child) in node.Children)
        {
            writer.WritePropertyName(name);
            if (child.Setting is { } setting)
                setting.WriteJson(owner, writer);
            else
                WriteJson(owner, child, writer);
        }
        writer.WriteEndObject();
    }

    private sealed class Node(string? description)
    {
        public string? Description { get; } = description;

        public OrderedDictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public Setting<TOwner>? Setting { get; init; }
    }
}
