namespace CriEngine.DBus;

/// <summary>A method call to make: where to, and the body already marshalled with its signature.</summary>
public sealed record DBusMethodCall(string Destination, DBusObjectPath Path, string Interface, string Member)
{
    public DBusSignature Signature { get; init; } = DBusSignature.Empty;

    /// <summary>Marshalled from the writer's start, which is the body's start.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>This call with a body of <paramref name="arguments"/> marshalled by <paramref name="signature"/>.</summary>
    public DBusMethodCall WithArguments(string signature, params object[] arguments)
    {
        var parsed = new DBusSignature(signature);
        var body = new DBusWriter();
        body.WriteValues(parsed, arguments);
        return this with { Signature = parsed, Body = body.ToArray() };
    }

    /// <summary>This call with a body marshalled by <paramref name="body"/>, declared as <paramref name="signature"/>.</summary>
    public DBusMethodCall WithBody(string signature, DBusWriter body) =>
        this with { Signature = new DBusSignature(signature), Body = body.ToArray() };

    internal DBusMessage ToMessage(uint serial, DBusMessageFlags flags = DBusMessageFlags.None) => new()
    {
        Type = DBusMessageType.MethodCall,
        Flags = flags,
        Serial = serial,
        Destination = Destination,
        Path = Path,
        Interface = Interface,
        Member = Member,
        Signature = Signature,
        Body = Body,
    };

    public override string ToString() => $"{Interface}.{Member} on {Path} of {Destination}";
}
