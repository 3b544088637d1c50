using System.Buffers.Binary;
using CriEngine.DBus.Wire;

namespace CriEngine.DBus;

/// <summary>
/// Whole messages to and from bytes. The header is <c>yyyyuua(yv)</c>: byte order, type, flags,
/// protocol version 1, body length, serial, then the header fields (written in field-code order,
/// SIGNATURE left out when the body is empty), padded to 8; the body follows.
/// </summary>
public static class DBusMessageCodec
{
    /// <summary>The fixed part every header starts with, up to and including the header fields' array length.</summary>
    public const int FixedHeaderLength = 16;

    /// <summary>Messages longer than this (2^27 bytes, header and body) must not be sent or accepted.</summary>
    public const int MaxMessageLength = 1 << 27;

    private const byte LittleEndianMark = (byte)'l';
    private const byte BigEndianMark = (byte)'B';
    private const byte ProtocolVersion = 1;

    /// <summary>Little-endian bytes of <paramref name="message"/>, after checking its header fields.</summary>
    public static byte[] Encode(DBusMessage message)
    {
        CheckForSending(message);
        var writer = new DBusWriter();
        writer.WriteByte(LittleEndianMark);
        writer.WriteByte((byte)message.Type);
        writer.WriteByte((byte)message.Flags);
        writer.WriteByte(ProtocolVersion);
        writer.WriteUInt32((uint)message.Body.Length);
        writer.WriteUInt32(message.Serial);
        writer.WriteArray(HeaderFieldMap.FieldType, fields =>
        {
            foreach (var (code, value) in HeaderFields(message))
            {
                fields.WriteStruct(field =>
                {
                    field.WriteByte((byte)code);
                    field.WriteVariant(value);
                });
            }
        });
        writer.Align(8);
        var length = (long)writer.Length + message.Body.Length;
        if (length > MaxMessageLength)
            throw new ArgumentException($"{message.Describe()} would be {length} bytes, more than D-Bus allows ({MaxMessageLength})");
        var bytes = new byte[length];
        writer.Written.CopyTo(bytes);
        message.Body.Span.CopyTo(bytes.AsSpan(writer.Length));
        return bytes;
    }

    /// <summary>
    /// The length of the whole message that starts with <paramref name="fixedHeader"/> (at least
    /// <see cref="FixedHeaderLength"/> bytes), so that a stream reader knows how much to read.
    /// </summary>
    public static int GetMessageLength(ReadOnlySpan<byte> fixedHeader)
    {
        var bigEndian = ByteOrderOf(fixedHeader[0]);
        var bodyLength = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(fixedHeader[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader[4..]);
        var fieldsLength = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(fixedHeader[12..]) : BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader[12..]);
        if (fieldsLength > DBusWriter.MaxArrayLength)
            throw new DBusFormatException($"header fields of {fieldsLength} bytes are longer than D-Bus allows ({DBusWriter.MaxArrayLength})");
        var length = (FixedHeaderLength + (long)fieldsLength + 7) / 8 * 8 + bodyLength;
        return length <= MaxMessageLength
            ? (int)length
            : throw new DBusFormatException($"message of {length} bytes is longer than D-Bus allows ({MaxMessageLength})");
    }

    /// <summary>The message in <paramref name="bytes"/>, exactly one whole message, fully validated (header and body).</summary>
    public static DBusMessage Decode(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length < FixedHeaderLength)
            throw new DBusFormatException($"message of {bytes.Length} bytes is shorter than a header");
        var length = GetMessageLength(bytes.Span);
        if (length != bytes.Length)
            throw new DBusFormatException($"message header announces {length} bytes, {bytes.Length} given");

        var bigEndian = bytes.Span[0] == BigEndianMark;
        var reader = new DBusReader(bytes, bigEndian);
        reader.ReadByte();
        var type = reader.ReadByte();
        var flags = (DBusMessageFlags)reader.ReadByte();
        var version = reader.ReadByte();
        if (version != ProtocolVersion)
            throw new DBusFormatException($"protocol version {version}, not {ProtocolVersion}");
        if (type == 0)
            throw new DBusFormatException("message type 0 (INVALID)");
        reader.ReadUInt32();
        var serial = reader.ReadUInt32();
        if (serial == 0)
            throw new DBusFormatException("message serial 0");
        var fields = HeaderFieldMap.Read(reader);
        reader.Align(8);

        var message = new DBusMessage
        {
            Type = (DBusMessageType)type,
            Flags = flags,
            Serial = serial,
            BigEndian = bigEndian,
            Path = fields.Get<DBusObjectPath>(1, 'o'),
            Interface = fields.Get<string>(2, 's'),
            Member = fields.Get<string>(3, 's'),
            ErrorName = fields.Get<string>(4, 's'),
            ReplySerial = fields.Get<uint?>(5, 'u'),
            Destination = fields.Get<string>(6, 's'),
            Sender = fields.Get<string>(7, 's'),
            Signature = fields.Get<DBusSignature>(8, 'g') ?? DBusSignature.Empty,
            Body = bytes[reader.Position..],
        };
        if (MissingOrInvalidField(message) is { } problem)
            throw new DBusFormatException($"{message.Describe()}: {problem}");
        _ = message.Arguments;
        return message;
    }

    private static bool ByteOrderOf(byte mark) => mark switch
    {
        LittleEndianMark => false,
        BigEndianMark => true,
        _ => throw new DBusFormatException($"byte order mark 0x{mark:x2}, neither 'l' nor 'B'"),
    };

    private static IEnumerable<(int Code, DBusVariant Value)> HeaderFields(DBusMessage message)
    {
        if (message.Path is { } path)
            yield return (1, new DBusVariant(DBusType.ObjectPath, path));
        if (message.Interface is { } @interface)
            yield return (2, DBusVariant.String(@interface));
        if (message.Member is { } member)
            yield return (3, DBusVariant.String(member));
        if (message.ErrorName is { } errorName)
            yield return (4, DBusVariant.String(errorName));
        if (message.ReplySerial is { } replySerial)
            yield return (5, DBusVariant.UInt32(replySerial));
        if (message.Destination is { } destination)
            yield return (6, DBusVariant.String(destination));
        if (message.Sender is { } sender)
            yield return (7, DBusVariant.String(sender));
        if (message.Signature.Value.Length > 0)
            yield return (8, new DBusVariant(DBusType.Signature, message.Signature));
    }

    private static void CheckForSending(DBusMessage message)
    {
        if (message.Serial == 0)
            throw new ArgumentException("a message's serial must not be 0");
        if (MissingOrInvalidField(message) is { } problem)
            throw new ArgumentException($"{message.Describe()}: {problem}");
    }

    /// <summary>What the specification requires of the header fields that this message breaks, or null.</summary>
    private static string? MissingOrInvalidField(DBusMessage message)
    {
        var missing = message.Type switch
        {
            DBusMessageType.MethodCall when message.Path is null || message.Member is null => "a method call needs PATH and MEMBER",
            DBusMessageType.Signal when message.Path is null || message.Interface is null || message.Member is null => "a signal needs PATH, INTERFACE and MEMBER",
            DBusMessageType.Error when message.ErrorName is null || message.ReplySerial is null => "an error needs ERROR_NAME and REPLY_SERIAL",
            DBusMessageType.MethodReturn when message.ReplySerial is null => "a method return needs REPLY_SERIAL",
            _ => null,
        };
        if (missing is not null)
            return missing;
        if (message.Interface is { } @interface && !DBusNames.IsInterfaceName(@interface))
            return $"'{@interface}' is not a valid interface name";
        if (message.Member is { } member && !DBusNames.IsMemberName(member))
            return $"'{member}' is not a valid member name";
        if (message.ErrorName is { } errorName && !DBusNames.IsInterfaceName(errorName))
            return $"'{errorName}' is not a valid error name";
        if (message.Destination is { } destination && !DBusNames.IsBusName(destination))
            return $"'{destination}' is not a valid bus name";
        if (message.Sender is { } sender && !DBusNames.IsBusName(sender))
            return $"'{sender}' is not a valid bus name";
        return null;
    }
}
