using System.Collections;
using System.Collections.Immutable;

namespace CriEngine.Config;

/// <summary>
/// An immutable list that compares by its items, so that config records holding lists are
/// equal when their contents are (two loads of the same files give equal configs).
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    private ValueList(ImmutableArray<T> items) => _items = items;

    public static ValueList<T> Empty { get; } = new(ImmutableArray<T>.Empty);

    public static ValueList<T> Of(params ReadOnlySpan<T> items) => new([.. items]);

    public static ValueList<T> From(IEnumerable<T> items) => new([.. items]);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public ImmutableArray<T>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
