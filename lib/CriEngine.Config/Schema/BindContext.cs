using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// What binding the sources (files, then flags) learns besides the values: where each value
/// came from, keys set that the engine does not act on, type errors, and keys CRI-O does not know.
/// </summary>
internal sealed class BindContext
{
    private const string UnknownKeyReason = "not a CRI-O configuration key; ignored, as CRI-O ignores it";

    private readonly OrderedDictionary<string, (ValueOrigin Origin, string Reason)> _notActedOn = new(StringComparer.Ordinal);

    private readonly List<ConfigIssue> _flagsNotActedOn = [];

    /// <summary>The file path or flag name of the document being bound.</summary>
    public string Source { get; set; } = "";

    public OriginMap Origins { get; } = new();

    public List<ConfigIssue> Errors { get; } = [];

    public List<ConfigIssue> Warnings { get; } = [];

    /// <param name="notActedOnReason">Why the engine does not act on the key, or null when it does.</param>
    public void Record(KeyPath path, TomlValue value, string? notActedOnReason)
    {
        var origin = OriginOf(value);
        Origins.Set(path, origin);
        if (notActedOnReason is not null)
            _notActedOn[path.Text] = (origin, notActedOnReason);
    }

    /// <summary>A flag with no config key that the engine does not act on, reported under its own name.</summary>
    public void RecordNotActedOn(string origin, string reason) =>
        _flagsNotActedOn.Add(new ConfigIssue(new ValueOrigin(origin), null, null, NotActedOn(reason)));

    /// <summary>
    /// Keys set that the engine does not act on, each once with where it was last set, when
    /// <paramref name="changed"/> (key to value) says the result differs from the default; then
    /// the flags without a key that the engine does not act on.
    /// </summary>
    public IEnumerable<ConfigIssue> NotActedOnIssues(IReadOnlyDictionary<string, string?> changed)
    {
        foreach (var (key, (origin, reason)) in _notActedOn)
        {
            if (changed.TryGetValue(key, out var value))
                yield return new ConfigIssue(origin, key, value, NotActedOn(reason));
        }
        foreach (var issue in _flagsNotActedOn)
            yield return issue;
    }

    public void RecordTable(KeyPath path, TomlTable table) => Origins.Set(path, OriginOf(table));

    public void Error(KeyPath path, TomlValue value, string reason) =>
        Errors.Add(new ConfigIssue(OriginOf(value), path.Text, TomlFormat.Value(value), reason));

    public void Ignored(KeyPath path, TomlValue value, string reason) =>
        Warnings.Add(new ConfigIssue(OriginOf(value), path.Text, TomlFormat.Value(value), reason));

    public void Unknown(KeyPath path, TomlValue value) =>
        Warnings.Add(new ConfigIssue(OriginOf(value), path.Text, null, UnknownKeyReason));

    private static string NotActedOn(string reason) => $"not acted on by CriEngine: {reason}";

    private ValueOrigin OriginOf(TomlValue value) => new(Source, value.Position.Line);
}
