using System.Buffers.Binary;
using System.Text;
using CriEngine.DBus.Wire;

namespace CriEngine.DBus;

/// <summary>
/// Unmarshals D-Bus wire format in either byte order, refusing anything malformed with a
/// <see cref="DBusFormatException"/> that says what and where: reads past the end, non-zero
/// padding, booleans other than 0 and 1, strings that are not UTF-8 or hold a nul, invalid object
/// paths and signatures, arrays over 64 MiB or whose elements overrun their length, nesting deeper
/// than 64. Offsets count from the reader's start, a message start or a body start.
/// </summary>
public sealed class DBusReader(ReadOnlyMemory<byte> data, bool bigEndian)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private int _depth;

    public int Position { get; private set; }

    public bool AtEnd => Position == data.Length;

    /// <summary>Skips the padding to the next multiple of <paramref name="alignment"/>; it must be zero bytes.</summary>
    public void Align(int alignment)
    {
        var padding = (alignment - Position % alignment) % alignment;
        if (Take(padding).ContainsAnyExcept((byte)0))
            throw new DBusFormatException($"non-zero alignment padding before offset {Position}");
    }

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean()
    {
        var at = Position;
        return ReadUInt32() switch
        {
            0 => false,
            1 => true,
            var other => throw new DBusFormatException($"boolean at offset {at} is {other}, not 0 or 1"),
        };
    }

    public short ReadInt16() => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(Aligned(2)) : BinaryPrimitives.ReadInt16LittleEndian(Aligned(2));

    public ushort ReadUInt16() => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(Aligned(2)) : BinaryPrimitives.ReadUInt16LittleEndian(Aligned(2));

    public int ReadInt32() => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(Aligned(4)) : BinaryPrimitives.ReadInt32LittleEndian(Aligned(4));

    public uint ReadUInt32() => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Aligned(4)) : BinaryPrimitives.ReadUInt32LittleEndian(Aligned(4));

    public long ReadInt64() => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(Aligned(8)) : BinaryPrimitives.ReadInt64LittleEndian(Aligned(8));

    public ulong ReadUInt64() => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(Aligned(8)) : BinaryPrimitives.ReadUInt64LittleEndian(Aligned(8));

    public double ReadDouble() => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(Aligned(8)) : BinaryPrimitives.ReadDoubleLittleEndian(Aligned(8));

    public string ReadString()
    {
        var length = ReadUInt32();
        if (length > data.Length - Position)
            throw new DBusFormatException($"string of {length} bytes at offset {Position} runs past the end ({data.Length - Position} left)");
        return ReadText((int)length, "string");
    }

    public DBusObjectPath ReadObjectPath()
    {
        var at = Position;
        var text = ReadString();
        return DBusNames.IsObjectPath(text)
            ? new DBusObjectPath(text)
            : throw new DBusFormatException($"'{text}' at offset {at} is not a valid object path");
    }

    public DBusSignature ReadSignature() => new(ReadText(ReadByte(), "signature"));

    /// <summary>An array of <paramref name="elementType"/> as a list of element values.</summary>
    public IReadOnlyList<object> ReadArray(DBusType elementType)
    {
        Enter();
        var length = ReadUInt32();
        if (length > DBusWriter.MaxArrayLength)
            throw new DBusFormatException($"array of {length} bytes at offset {Position} is longer than D-Bus allows ({DBusWriter.MaxArrayLength})");
        Align(elementType.Alignment);
        if (length > data.Length - Position)
            throw new DBusFormatException($"array of {length} bytes at offset {Position} runs past the end ({data.Length - Position} left)");
        var end = Position + (int)length;
        var elements = new List<object>();
        while (Position < end)
            elements.Add(ReadValue(elementType));
        if (Position != end)
            throw new DBusFormatException($"array elements overrun the array's length: it ends at offset {end}, the last element at {Position}");
        _depth--;
        return elements;
    }

    /// <summary>A struct or dict entry of <paramref name="type"/>.</summary>
    public DBusStruct ReadStruct(DBusType type)
    {
        Enter();
        Align(8);
        var fields = type.Fields.Select(ReadValue).ToArray();
        _depth--;
        return new DBusStruct(fields);
    }

    public DBusVariant ReadVariant()
    {
        Enter();
        var at = Position;
        var signature = ReadSignature();
        if (signature.Types.Count != 1)
            throw new DBusFormatException($"variant at offset {at} has signature '{signature}', not a single complete type");
        var type = signature.Types[0];
        var variant = new DBusVariant(type, ReadValue(type));
        _depth--;
        return variant;
    }

    public object ReadValue(DBusType type) => type.Code switch
    {
        'y' => ReadByte(),
        'b' => ReadBoolean(),
        'n' => ReadInt16(),
        'q' => ReadUInt16(),
        'i' => ReadInt32(),
        'u' => ReadUInt32(),
        'x' => ReadInt64(),
        't' => ReadUInt64(),
        'd' => ReadDouble(),
        's' => ReadString(),
        'o' => ReadObjectPath(),
        'g' => ReadSignature(),
        'v' => ReadVariant(),
        'a' => ReadArray(type.Element!),
        DBusType.StructCode or DBusType.DictEntryCode => ReadStruct(type),
        _ => throw new DBusFormatException($"values of type '{type}' are not supported (unix file descriptors are not negotiated)"),
    };

    /// <summary>One value for each complete type of <paramref name="signature"/>, in order.</summary>
    public IReadOnlyList<object> ReadValues(DBusSignature signature) => signature.Types.Select(ReadValue).ToArray();

    private string ReadText(int length, string what)
    {
        var at = Position;
        var bytes = Take(length + 1);
        if (bytes[length] != 0)
            throw new DBusFormatException($"{what} at offset {at} is not nul-terminated");
        var text = bytes[..length];
        if (text.Contains((byte)0))
            throw new DBusFormatException($"{what} at offset {at} holds a nul byte");
        try
        {
            return StrictUtf8.GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw new DBusFormatException($"{what} at offset {at} is not valid UTF-8");
        }
    }

    private void Enter()
    {
        if (++_depth > DBusWriter.MaxDepth)
            throw new DBusFormatException($"containers nest deeper than D-Bus allows ({DBusWriter.MaxDepth}) at offset {Position}");
    }

    private ReadOnlySpan<byte> Aligned(int size)
    {
        Align(size);
        return Take(size);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > data.Length - Position)
            throw new DBusFormatException($"message truncated: {count} bytes needed at offset {Position}, {data.Length - Position} left");
        var span = data.Span.Slice(Position, count);
        Position += count;
        return span;
    }
}
