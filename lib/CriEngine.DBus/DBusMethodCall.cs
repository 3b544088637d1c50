using Tmds.DBus.Protocol;

namespace CriEngine.DBus;

/// <summary>
/// A method call to make: where to, and its arguments. The message itself is written only when
/// the call is sent, on the connection that sends it (serials are that connection's).
/// </summary>
public sealed record DBusMethodCall(string Destination, string Path, string Interface, string Member)
{
    public string? Signature { get; init; }

    public DBusBodyWriter? Body { get; init; }

    /// <summary>This call with arguments <paramref name="body"/> writes, declared as <paramref name="signature"/>.</summary>
    public DBusMethodCall WithArguments(string signature, DBusBodyWriter body) => this with { Signature = signature, Body = body };

    /// <summary>This call with string arguments only (<c>s</c>, <c>ss</c>…), the most common shape.</summary>
    public DBusMethodCall WithStrings(params string[] values) =>
        WithArguments(new string('s', values.Length), (ref MessageWriter writer) =>
        {
            foreach (var value in values)
                writer.WriteString(value);
        });

    internal MessageBuffer ToMessage(DBusConnection connection)
    {
        // Not a using variable: the body writer takes it by reference.
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(Destination, Path, Interface, Member, Signature);
            Body?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public override string ToString() => $"{Interface}.{Member} on {Path} of {Destination}";
}
