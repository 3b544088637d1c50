namespace CriEngine.DBus.Transport;

/// <summary>The calls this client makes to the message bus itself (org.freedesktop.DBus).</summary>
internal static class MessageBusDriver
{
    public const string Name = "org.freedesktop.DBus";

    private static readonly DBusMethodCall Driver = new(Name, new DBusObjectPath("/org/freedesktop/DBus"), Name, "");

    /// <summary>The first call on a bus connection; the reply carries the connection's unique name.</summary>
    public static DBusMethodCall Hello() => Driver with { Member = "Hello" };

    public static DBusMethodCall AddMatch(DBusMatchRule rule) => (Driver with { Member = "AddMatch" }).WithArguments("s", rule.ToString());

    public static DBusMethodCall RemoveMatch(DBusMatchRule rule) => (Driver with { Member = "RemoveMatch" }).WithArguments("s", rule.ToString());
}
