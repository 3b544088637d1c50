namespace CriEngine.Config.Toml;

/// <summary>An array, or an array of tables (whose items are all <see cref="TomlTable"/>).</summary>
public sealed class TomlArray : TomlValue, IReadOnlyList<TomlValue>
{
    private readonly List<TomlValue> _items = [];

    public TomlArray(TomlPosition position = default) : base(position)
    {
    }

    public TomlArray(IEnumerable<TomlValue> items, TomlPosition position = default) : base(position)
    {
        _items.AddRange(items);
    }

    public override TomlKind Kind => TomlKind.Array;

    public int Count => _items.Count;

    public TomlValue this[int index] => _items[index];

    public void Add(TomlValue item) => _items.Add(item);

    public IEnumerator<TomlValue> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
