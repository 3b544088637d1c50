using System.Buffers.Binary;
using System.Collections;
using System.Text;
using CriEngine.DBus.Wire;

namespace CriEngine.DBus;

/// <summary>
/// Marshals values in little-endian D-Bus wire format. Offsets are counted from the writer's
/// start, which must be a message start or a body start (both are 8-aligned in a message), so
/// that padding lands where a reader expects it.
/// </summary>
public sealed class DBusWriter
{
    /// <summary>Arrays longer than this (2^26 bytes) must not be sent.</summary>
    public const int MaxArrayLength = 1 << 26;

    /// <summary>Arrays, structs, dict entries and variants nested in one value, at most.</summary>
    public const int MaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer = new byte[256];
    private int _depth;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public byte[] ToArray() => Written.ToArray();

    /// <summary>Pads with zero bytes up to the next multiple of <paramref name="alignment"/>.</summary>
    public void Align(int alignment)
    {
        var padding = (alignment - Length % alignment) % alignment;
        Reserve(padding).Clear();
    }

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteBoolean(bool value) => WriteUInt32(value ? 1u : 0u);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Aligned(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Aligned(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Aligned(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Aligned(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Aligned(8), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Aligned(8), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Aligned(8), value);

    /// <summary>UTF-8 with a uint32 length and a nul; a string holding a nul or a lone surrogate is refused.</summary>
    public void WriteString(string value)
    {
        var bytes = EncodeText(value);
        WriteUInt32((uint)bytes.Length);
        WriteText(bytes);
    }

    public void WriteObjectPath(DBusObjectPath path) => WriteString(path.Value);

    public void WriteSignature(DBusSignature signature)
    {
        WriteByte((byte)signature.Value.Length);
        WriteText(Encoding.ASCII.GetBytes(signature.Value));
    }

    /// <summary>
    /// An array of <paramref name="elementType"/>: the byte length, padding to the element
    /// alignment (present even when the array is empty), then what <paramref name="writeElements"/> writes.
    /// </summary>
    public void WriteArray(DBusType elementType, Action<DBusWriter> writeElements)
    {
        Enter();
        WriteUInt32(0);
        var lengthAt = Length - 4;
        Align(elementType.Alignment);
        var start = Length;
        writeElements(this);
        var length = Length - start;
        if (length > MaxArrayLength)
            throw new ArgumentException($"array of {length} bytes is longer than D-Bus allows ({MaxArrayLength})");
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(lengthAt, 4), (uint)length);
        _depth--;
    }

    /// <summary>A struct or a dict entry: 8-aligned, then what <paramref name="writeFields"/> writes.</summary>
    public void WriteStruct(Action<DBusWriter> writeFields)
    {
        Enter();
        Align(8);
        writeFields(this);
        _depth--;
    }

    public void WriteVariant(DBusVariant variant)
    {
        Enter();
        WriteSignature(new DBusSignature(variant.Type.Text));
        WriteValue(variant.Type, variant.Value);
        _depth--;
    }

    /// <summary>Any value of <paramref name="type"/>, checked against it (see <see cref="DBusVariant"/> for the CLR types).</summary>
    public void WriteValue(DBusType type, object value)
    {
        switch (type.Code, value)
        {
            case ('y', byte v): WriteByte(v); break;
            case ('b', bool v): WriteBoolean(v); break;
            case ('n', short v): WriteInt16(v); break;
            case ('q', ushort v): WriteUInt16(v); break;
            case ('i', int v): WriteInt32(v); break;
            case ('u', uint v): WriteUInt32(v); break;
            case ('x', long v): WriteInt64(v); break;
            case ('t', ulong v): WriteUInt64(v); break;
            case ('d', double v): WriteDouble(v); break;
            case ('s', string v): WriteString(v); break;
            case ('o', DBusObjectPath v): WriteObjectPath(v); break;
            case ('g', DBusSignature v): WriteSignature(v); break;
            case ('v', DBusVariant v): WriteVariant(v); break;
            case ('a', IEnumerable elements and not string):
                WriteArray(type.Element!, writer =>
                {
                    foreach (var element in elements)
                        writer.WriteValue(type.Element!, element);
                });
                break;
            case (DBusType.StructCode or DBusType.DictEntryCode, DBusStruct v) when v.Fields.Count == type.Fields.Count:
                WriteStruct(writer =>
                {
                    for (var i = 0; i < v.Fields.Count; i++)
                        writer.WriteValue(type.Fields[i], v.Fields[i]);
                });
                break;
            case ('h', _):
                throw new ArgumentException("unix file descriptors ('h') are not supported: none are negotiated");
            default:
                throw new ArgumentException($"a {value.GetType().Name} ({value}) is not a value of D-Bus type '{type}'");
        }
    }

    /// <summary>Values for each complete type of <paramref name="signature"/>, in order.</summary>
    public void WriteValues(DBusSignature signature, IReadOnlyList<object> values)
    {
        if (values.Count != signature.Types.Count)
            throw new ArgumentException($"signature '{signature}' takes {signature.Types.Count} values, not {values.Count}");
        for (var i = 0; i < values.Count; i++)
            WriteValue(signature.Types[i], values[i]);
    }

    private static byte[] EncodeText(string value)
    {
        if (value.Contains('\0'))
            throw new ArgumentException("a D-Bus string cannot hold a nul character");
        try
        {
            return StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"string is not valid Unicode: {e.Message}", e);
        }
    }

    private void WriteText(byte[] bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        WriteByte(0);
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
            throw new ArgumentException($"value nests containers deeper than D-Bus allows ({MaxDepth})");
    }

    private Span<byte> Aligned(int size)
    {
        Align(size);
        return Reserve(size);
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
