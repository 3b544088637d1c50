using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace CriEngine.Config;

/// <summary>
/// An immutable map with string keys in ordinal order that compares by its entries, so that
/// config records holding maps (runtime handlers, annotations) are equal when their contents are.
/// </summary>
public sealed class ValueMap<T> : IReadOnlyDictionary<string, T>, IEquatable<ValueMap<T>>
{
    private readonly ImmutableSortedDictionary<string, T> _entries;

    private ValueMap(ImmutableSortedDictionary<string, T> entries) => _entries = entries;

    public static ValueMap<T> Empty { get; } = new(ImmutableSortedDictionary<string, T>.Empty.WithComparers(StringComparer.Ordinal));

    public static ValueMap<T> From(IEnumerable<KeyValuePair<string, T>> entries) => new(Empty._entries.SetItems(entries));

    public int Count => _entries.Count;

    public T this[string key] => _entries[key];

    public IEnumerable<string> Keys => _entries.Keys;

    public IEnumerable<T> Values => _entries.Values;

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value) => _entries.TryGetValue(key, out value);

    public ValueMap<T> SetItem(string key, T value) => new(_entries.SetItem(key, value));

    public ValueMap<T> Remove(string key) => new(_entries.Remove(key));

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap<T>? other)
    {
        if (other is null || other.Count != Count)
            return false;
        foreach (var (key, value) in _entries)
        {
            if (!other._entries.TryGetValue(key, out var otherValue) || !EqualityComparer<T>.Default.Equals(value, otherValue))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ValueMap<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _entries)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key} = {e.Value}")) + "}";
}
