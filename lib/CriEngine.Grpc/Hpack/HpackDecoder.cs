using System.Buffers;

namespace CriEngine.Grpc.Hpack;

/// <summary>
/// Decodes header blocks (RFC 7541) for one connection: the dynamic table carries over
/// from block to block. Not thread-safe; blocks must be decoded in the order received.
/// </summary>
public sealed class HpackDecoder
{
    private readonly int _maxAllowedTableSize;
    private readonly DynamicTable _table;

    /// <param name="maxDynamicTableSize">Our SETTINGS_HEADER_TABLE_SIZE: the most a size update may ask for.</param>
    public HpackDecoder(int maxDynamicTableSize = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDynamicTableSize);
        _maxAllowedTableSize = maxDynamicTableSize;
        _table = new DynamicTable(maxDynamicTableSize);
    }

    internal DynamicTable Table => _table;

    /// <summary>
    /// Decodes one complete header block (HEADERS plus any CONTINUATION payloads, joined),
    /// appending the fields in order. Throws <see cref="HpackException"/> on any error.
    /// </summary>
    public void Decode(ReadOnlySequence<byte> block, List<HeaderField> output)
    {
        var reader = new SequenceReader<byte>(block);
        var fieldSeen = false;
        while (reader.TryRead(out var first))
        {
            if ((first & 0xe0) == 0x20)
            {
                // Section 4.2: size updates may only open a block.
                if (fieldSeen)
                {
                    throw new HpackException("Dynamic table size update after the first header field.");
                }

                UpdateTableSize(HpackInteger.Read(ref reader, first, 5));
                continue;
            }

            fieldSeen = true;
            output.Add(ReadField(ref reader, first));
        }
    }

    private HeaderField ReadField(ref SequenceReader<byte> reader, byte first)
    {
        if ((first & 0x80) != 0)
        {
            return GetEntry(HpackInteger.Read(ref reader, first, 7));
        }

        if ((first & 0x40) != 0)
        {
            var field = ReadLiteral(ref reader, first, 6);
            _table.Add(field);
            return field;
        }

        // Without indexing (0000) and never indexed (0001) only differ for intermediaries that re-encode.
        return ReadLiteral(ref reader, first, 4);
    }

    private HeaderField ReadLiteral(ref SequenceReader<byte> reader, byte first, int prefixBits)
    {
        var nameIndex = HpackInteger.Read(ref reader, first, prefixBits);
        var name = nameIndex == 0 ? StringLiteral.Read(ref reader) : GetEntry(nameIndex).Name;
        return new HeaderField(name, StringLiteral.Read(ref reader));
    }

    private HeaderField GetEntry(int index)
    {
        if (index == 0)
        {
            throw new HpackException("Index 0 does not name a table entry.");
        }

        if (index <= StaticTable.Count)
        {
            return StaticTable.Get(index);
        }

        var dynamicIndex = index - StaticTable.Count - 1;
        if (dynamicIndex >= _table.Count)
        {
            throw new HpackException($"Index {index} is past the end of the dynamic table.");
        }

        return _table[dynamicIndex];
    }

    private void UpdateTableSize(int size)
    {
        if (size > _maxAllowedTableSize)
        {
            throw new HpackException($"Dynamic table size update to {size} exceeds the allowed {_maxAllowedTableSize}.");
        }

        _table.SetMaxSize(size);
    }
}
