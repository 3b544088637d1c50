using System.Buffers.Text;
using System.Text;
using CriEngine.Images.Streams;

namespace CriEngine.Images.Layers;

/// <summary>
/// A pass-through stream under <see cref="System.Formats.Tar.TarReader"/> that keeps the raw
/// bytes of the <c>SCHILY.xattr.*</c> records of each entry's PAX header. TarReader decodes PAX
/// values as UTF-8 text, which corrupts binary attributes such as <c>security.capability</c>;
/// so this follows the tar's block structure as the bytes go by. TarReader reads the archive
/// strictly in order and never past the header of the entry it returns, so when it returns an
/// entry, <see cref="Xattrs"/> belongs to that entry.
/// </summary>
internal sealed class PaxXattrCapture(Stream archive) : ReadOnlyStream
{
    private const int BlockSize = 512;
    private const int MaxPaxHeaderSize = 16 << 20;
    private const string XattrPrefix = "SCHILY.xattr.";

    private readonly byte[] _header = new byte[BlockSize];
    private int _headerFill;

    // Bytes of the current entry's data and padding still to pass before the next header.
    private long _dataRemaining;

    // The data of a PAX extended header ('x') being collected, and how much of it has arrived.
    private byte[]? _pax;
    private int _paxFill;

    private List<KeyValuePair<string, byte[]>> _pending = [];
    private long? _pendingSize;
    private bool _ended;

    /// <summary>The extended attributes of the entry whose header was read last, values as raw bytes.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Xattrs { get; private set; } = [];

    /// <summary>
    /// The name in the header read last (ustar name and prefix fields, without PAX or GNU long
    /// names): for errors about an entry TarReader refuses before returning it.
    /// </summary>
    public string HeaderName { get; private set; } = string.Empty;

    public override int Read(Span<byte> buffer)
    {
        var read = archive.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await archive.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !_ended)
        {
            if (_dataRemaining > 0)
            {
                var passing = (int)Math.Min(_dataRemaining, data.Length);
                if (_pax is not null)
                    CollectPax(data[..passing]);
                _dataRemaining -= passing;
                data = data[passing..];
                continue;
            }
            var taken = Math.Min(BlockSize - _headerFill, data.Length);
            data[..taken].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += taken;
            data = data[taken..];
            if (_headerFill == BlockSize)
            {
                _headerFill = 0;
                OnHeader();
            }
        }
    }

    private void OnHeader()
    {
        // A zero block ends the archive; whatever follows is padding.
        if (!_header.AsSpan().ContainsAnyExcept((byte)0))
        {
            _ended = true;
            return;
        }
        var type = (char)_header[156];
        var size = ParseSize(_header.AsSpan(124, 12));
        switch (type)
        {
            case 'x':
                if (size > MaxPaxHeaderSize)
                    throw new InvalidDataException($"a PAX extended header of {size} bytes is larger than {MaxPaxHeaderSize} bytes");
                _pax = size > 0 ? new byte[size] : null;
                _paxFill = 0;
                _dataRemaining = Padded(size);
                break;
            case 'g' or 'L' or 'K':
                _dataRemaining = Padded(size);
                break;
            default:
                HeaderName = ReadName();
                Xattrs = _pending;
                _pending = [];
                // As TarReader does: these types carry no data whatever their size field says.
                _dataRemaining = type is >= '1' and <= '6' ? 0 : Padded(_pendingSize ?? size);
                _pendingSize = null;
                break;
        }
    }

    private void CollectPax(ReadOnlySpan<byte> data)
    {
        var pax = _pax!;
        var useful = Math.Min(data.Length, pax.Length - _paxFill);
        data[..useful].CopyTo(pax.AsSpan(_paxFill));
        _paxFill += useful;
        if (_paxFill == pax.Length)
        {
            ParsePaxRecords(pax);
            _pax = null;
        }
    }

    // Records are "LENGTH KEY=VALUE\n", LENGTH counting the whole record. A malformed record
    // ends the parse: TarReader refuses the same header with its own error.
    private void ParsePaxRecords(ReadOnlySpan<byte> records)
    {
        while (!records.IsEmpty)
        {
            var space = records.IndexOf((byte)' ');
            if (space <= 0 || !Utf8Parser.TryParse(records[..space], out int length, out var digits) || digits != space || length <= space + 1 || length > records.Length)
                return;
            var record = records[(space + 1)..(length - 1)];
            records = records[length..];
            var equals = record.IndexOf((byte)'=');
            if (equals <= 0)
                return;
            var key = Encoding.UTF8.GetString(record[..equals]);
            var value = record[(equals + 1)..];
            if (key.StartsWith(XattrPrefix, StringComparison.Ordinal) && key.Length > XattrPrefix.Length)
                _pending.Add(new(key[XattrPrefix.Length..], value.ToArray()));
            else if (key == "size" && Utf8Parser.TryParse(value, out long size, out var consumed) && consumed == value.Length)
                _pendingSize = size;
        }
    }

    private string ReadName()
    {
        var name = Field(_header.AsSpan(0, 100));
        var isPosixUstar = _header.AsSpan(257, 6).SequenceEqual("ustar\0"u8);
        var prefix = isPosixUstar ? Field(_header.AsSpan(345, 155)) : string.Empty;
        return prefix.Length > 0 ? $"{prefix}/{name}" : name;
    }

    private static string Field(ReadOnlySpan<byte> field) =>
        Encoding.UTF8.GetString(field.IndexOf((byte)0) is var end and >= 0 ? field[..end] : field);

    // Octal digits, or base-256 (GNU) when the top bit of the first byte is set.
    private static long ParseSize(ReadOnlySpan<byte> field)
    {
        long value = 0;
        if ((field[0] & 0x80) != 0)
        {
            value = field[0] & 0x7F;
            foreach (var b in field[1..])
                value = (value << 8) | b;
            return value;
        }
        foreach (var b in field.TrimStart((byte)' '))
        {
            if (b is < (byte)'0' or > (byte)'7')
                break;
            value = (value * 8) + (b - '0');
        }
        return value;
    }

    private static long Padded(long size) => (size + BlockSize - 1) / BlockSize * BlockSize;
}
