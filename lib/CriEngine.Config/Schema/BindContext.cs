using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// What binding the sources (files, then flags) learns besides the values: where each value
/// came from, keys set but not honoured, type errors, and keys CRI-O does not know.
/// </summary>
internal sealed class BindContext
{
    private const string UnknownKeyReason = "not a CRI-O configuration key; ignored, as CRI-O ignores it";

    private readonly OrderedDictionary<string, ValueOrigin> _notHonoured = new(StringComparer.Ordinal);

    /// <summary>The file path or flag name of the document being bound.</summary>
    public string Source { get; set; } = "";

    public OriginMap Origins { get; } = new();

    public List<ConfigIssue> Errors { get; } = [];

    public List<ConfigIssue> Warnings { get; } = [];

    public ValueList<IgnoredKey> NotHonoured => ValueList<IgnoredKey>.From(_notHonoured.Select(entry => new IgnoredKey(entry.Key, entry.Value)));

    public void Record(KeyPath path, TomlValue value, bool honoured)
    {
        var origin = OriginOf(value);
        Origins.Set(path, origin);
        if (!honoured)
            _notHonoured[path.Text] = origin;
    }

    /// <summary>A flag with no config key that the engine does not act on, reported under its own name.</summary>
    public void RecordNotActedOn(string origin) => _notHonoured[origin] = new ValueOrigin(origin);

    public void RecordTable(KeyPath path, TomlTable table) => Origins.Set(path, OriginOf(table));

    public void Error(KeyPath path, TomlValue value, string reason) =>
        Errors.Add(new ConfigIssue(OriginOf(value), path.Text, TomlFormat.Value(value), reason));

    public void Ignored(KeyPath path, TomlValue value, string reason) =>
        Warnings.Add(new ConfigIssue(OriginOf(value), path.Text, TomlFormat.Value(value), reason));

    public void Unknown(KeyPath path, TomlValue value) =>
        Warnings.Add(new ConfigIssue(OriginOf(value), path.Text, null, UnknownKeyReason));

    private ValueOrigin OriginOf(TomlValue value) => new(Source, value.Position.Line);
}
