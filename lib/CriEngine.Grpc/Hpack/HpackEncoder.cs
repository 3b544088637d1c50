using System.Buffers;

namespace CriEngine.Grpc.Hpack;

/// <summary>
/// Encodes header blocks (RFC 7541) for one connection: the dynamic table carries over
/// from block to block and mirrors the peer's decoder. Not thread-safe; blocks must be
/// sent in the order encoded.
/// </summary>
public sealed class HpackEncoder
{
    private readonly HuffmanMode _huffman;
    private readonly DynamicTable _table;

    // The table size the peer's decoder last heard of.
    private int _signalledSize;

    // The smallest size set since then: the peer must evict down to it before growing again.
    private int _smallestPendingSize;

    private bool _sizeUpdatePending;

    /// <param name="maxDynamicTableSize">The table size both sides start with: the peer's SETTINGS_HEADER_TABLE_SIZE as far as it is known.</param>
    public HpackEncoder(int maxDynamicTableSize = 4096, HuffmanMode huffman = HuffmanMode.WhenShorter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDynamicTableSize);
        _huffman = huffman;
        _table = new DynamicTable(maxDynamicTableSize);
        _signalledSize = maxDynamicTableSize;
    }

    internal DynamicTable Table => _table;

    /// <summary>The peer's SETTINGS_HEADER_TABLE_SIZE; the change is signalled at the start of the next block.</summary>
    public void SetMaxDynamicTableSize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _smallestPendingSize = _sizeUpdatePending ? Math.Min(_smallestPendingSize, size) : size;
        _sizeUpdatePending = true;
        // Evicting now, step by step, leaves what the peer keeps after applying the smallest size then the final one.
        _table.SetMaxSize(size);
    }

    /// <summary>Starts a header block: writes any pending dynamic table size update.</summary>
    public void BeginBlock(IBufferWriter<byte> output)
    {
        if (!_sizeUpdatePending)
        {
            return;
        }

        _sizeUpdatePending = false;
        var finalSize = _table.MaxSize;
        // Section 4.2: a size lowered then raised between blocks is signalled as the minimum, then the final size.
        var lowered = _smallestPendingSize < Math.Min(finalSize, _signalledSize);
        if (lowered)
        {
            WriteSizeUpdate(_smallestPendingSize, output);
        }

        if (lowered || finalSize != _signalledSize)
        {
            WriteSizeUpdate(finalSize, output);
        }

        _signalledSize = finalSize;
    }

    /// <summary>
    /// Writes <paramref name="field"/>: as an index when a table holds it whole, otherwise as a literal
    /// (naming a table entry when one has its name) represented as <paramref name="indexing"/> says.
    /// </summary>
    /// <exception cref="ArgumentException">The name or value has a char above U+00FF.</exception>
    public void Encode(HeaderField field, HpackIndexing indexing, IBufferWriter<byte> output)
    {
        if (_sizeUpdatePending)
        {
            // The peer would apply the change only after this field: the tables would part ways.
            throw new InvalidOperationException("A dynamic table size update is pending: call BeginBlock first.");
        }

        var (staticField, staticName) = StaticTable.Find(field);
        if (staticField != 0)
        {
            WriteInteger(staticField, 7, 0x80, output);
            return;
        }

        var (dynamicField, dynamicName) = _table.Find(field);
        if (dynamicField >= 0)
        {
            WriteInteger(StaticTable.Count + 1 + dynamicField, 7, 0x80, output);
            return;
        }

        // Validate before writing anything, so a rejected field leaves neither output nor table changed.
        StringLiteral.ThrowIfNotLatin1(field.Name, nameof(field));
        StringLiteral.ThrowIfNotLatin1(field.Value, nameof(field));
        var (pattern, prefixBits) = indexing switch
        {
            HpackIndexing.Incremental => ((byte)0x40, 6),
            HpackIndexing.WithoutIndexing => ((byte)0x00, 4),
            HpackIndexing.NeverIndexed => ((byte)0x10, 4),
            _ => throw new ArgumentOutOfRangeException(nameof(indexing)),
        };
        var nameIndex = staticName != 0 ? staticName
            : dynamicName >= 0 ? StaticTable.Count + 1 + dynamicName
            : 0;
        WriteInteger(nameIndex, prefixBits, pattern, output);
        if (nameIndex == 0)
        {
            StringLiteral.Write(field.Name, _huffman, output);
        }

        StringLiteral.Write(field.Value, _huffman, output);
        if (indexing == HpackIndexing.Incremental)
        {
            _table.Add(field);
        }
    }

    private static void WriteSizeUpdate(int size, IBufferWriter<byte> output) => WriteInteger(size, 5, 0x20, output);

    private static void WriteInteger(int value, int prefixBits, byte pattern, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(HpackInteger.MaxLength);
        output.Advance(HpackInteger.Write(span, value, prefixBits, pattern));
    }
}
