namespace CriEngine.DBus;

/// <summary>
/// One message: its header fields and its body, kept in the byte order it came in. Built for
/// sending (always little-endian) or by <see cref="DBusMessageCodec.Decode"/> from received bytes.
/// </summary>
public sealed class DBusMessage
{
    private IReadOnlyList<object>? _arguments;

    public required DBusMessageType Type { get; init; }

    public DBusMessageFlags Flags { get; init; }

    /// <summary>Never 0 on the wire.</summary>
    public required uint Serial { get; init; }

    public DBusObjectPath? Path { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    public string? ErrorName { get; init; }

    public uint? ReplySerial { get; init; }

    public string? Destination { get; init; }

    public string? Sender { get; init; }

    public DBusSignature Signature { get; init; } = DBusSignature.Empty;

    public ReadOnlyMemory<byte> Body { get; init; }

    public bool BigEndian { get; init; }

    /// <summary>The body's values, one per complete type of <see cref="Signature"/>.</summary>
    public IReadOnlyList<object> Arguments => _arguments ??= ReadBody();

    /// <summary>
    /// <see cref="Arguments"/>, after checking that the body has the signature a caller expects
    /// (a reply's shape is the peer's word, not ours).
    /// </summary>
    public IReadOnlyList<object> ArgumentsOf(string expectedSignature) =>
        Signature.Value == expectedSignature
            ? Arguments
            : throw new DBusFormatException($"{Describe()} has signature '{Signature}', expected '{expectedSignature}'");

    /// <summary>A line for error messages and logs: type, member or error, serials.</summary>
    public string Describe() => Type switch
    {
        DBusMessageType.MethodCall or DBusMessageType.Signal => $"{Type} {Interface}.{Member} on {Path} (serial {Serial})",
        DBusMessageType.Error => $"error {ErrorName} replying to serial {ReplySerial}",
        DBusMessageType.MethodReturn => $"reply to serial {ReplySerial}",
        _ => $"message of type {(byte)Type} (serial {Serial})",
    };

    private IReadOnlyList<object> ReadBody()
    {
        var reader = new DBusReader(Body, BigEndian);
        var values = reader.ReadValues(Signature);
        if (!reader.AtEnd)
            throw new DBusFormatException($"{Describe()}: {Body.Length - reader.Position} bytes after the values of signature '{Signature}'");
        return values;
    }
}
