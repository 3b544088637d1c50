namespace CriEngine.Config.Toml;

/// <summary>
/// A table: keys in the order they were first defined, gathered from every place TOML lets the
/// table be written (its header, sub-table headers, dotted keys, or one inline table). The root
/// of a document is a table.
/// </summary>
public sealed class TomlTable : TomlValue, IEnumerable<KeyValuePair<string, TomlValue>>
{
    private readonly OrderedDictionary<string, TomlValue> _entries = new(StringComparer.Ordinal);

    public TomlTable(TomlPosition position = default) : base(position)
    {
    }

    public override TomlKind Kind => TomlKind.Table;

    public int Count => _entries.Count;

    public IEnumerable<string> Keys => _entries.Keys;

    public TomlValue this[string key] => _entries[key];

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TomlValue? value) =>
        _entries.TryGetValue(key, out value);

    /// <summary>Adds a key; a key that is already there is a caller error.</summary>
    public void Add(string key, TomlValue value) => _entries.Add(key, value);

    public IEnumerator<KeyValuePair<string, TomlValue>> GetEnumerator() => _entries.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
