namespace CriEngine.Grpc.Hpack;

/// <summary>
/// The dynamic table of RFC 7541 section 2.3.2: newest entry first, evicted oldest first.
/// Encoder and decoder each keep one; they stay identical because both apply the same
/// additions, evictions and size changes in the same order.
/// </summary>
internal sealed class DynamicTable(int maxSize)
{
    // A ring buffer: insertion and eviction never move the other entries.
    private HeaderField[] _entries = new HeaderField[8];
    private int _oldest;

    public int Count { get; private set; }

    /// <summary>The sum of the entries' <see cref="HeaderField.HpackSize"/>.</summary>
    public int Size { get; private set; }

    public int MaxSize { get; private set; } = maxSize;

    /// <param name="index">0 is the newest entry (HPACK index 62).</param>
    public HeaderField this[int index] => _entries[(_oldest + Count - 1 - index) % _entries.Length];

    /// <summary>Adds an entry, evicting the oldest as needed; an entry larger than the table only empties it (section 4.4).</summary>
    public void Add(HeaderField field)
    {
        var size = field.HpackSize;
        if (size > MaxSize)
        {
            EvictTo(0);
            return;
        }

        EvictTo(MaxSize - size);
        if (Count == _entries.Length)
        {
            Grow();
        }

        _entries[(_oldest + Count) % _entries.Length] = field;
        Count++;
        Size += size;
    }

    public void SetMaxSize(int maxSize)
    {
        MaxSize = maxSize;
        EvictTo(maxSize);
    }

    /// <summary>Finds the lowest index (0 = newest) holding the whole field and the lowest holding its name; -1 when absent.</summary>
    public (int FieldIndex, int NameIndex) Find(HeaderField field)
    {
        // A linear scan: with entries of at least 32 octets a 4 KiB table holds at most 128,
        // and keeping a hash index in step with evictions would cost more than it saves.
        var nameIndex = -1;
        for (var index = 0; index < Count; index++)
        {
            var entry = this[index];
            if (!string.Equals(entry.Name, field.Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (string.Equals(entry.Value, field.Value, StringComparison.Ordinal))
            {
                return (index, nameIndex < 0 ? index : nameIndex);
            }

            if (nameIndex < 0)
            {
                nameIndex = index;
            }
        }

        return (-1, nameIndex);
    }

    private void EvictTo(int size)
    {
        while (Size > size)
        {
            Size -= _entries[_oldest].HpackSize;
            // Drop the reference so evicted strings can be collected.
            _entries[_oldest] = default;
            _oldest = (_oldest + 1) % _entries.Length;
            Count--;
        }
    }

    private void Grow()
    {
        var grown = new HeaderField[_entries.Length * 2];
        for (var index = 0; index < Count; index++)
        {
            grown[index] = _entries[(_oldest + index) % _entries.Length];
        }

        _entries = grown;
        _oldest = 0;
    }
}
