namespace CriEngine.DBus;

/// <summary>The error names this library raises itself, as libdbus names the same failures.</summary>
public static class DBusErrorNames
{
    /// <summary>No endpoint could be connected to or authenticated with.</summary>
    public const string NoServer = "org.freedesktop.DBus.Error.NoServer";

    /// <summary>The connection went away while a call or a subscription was using it.</summary>
    public const string Disconnected = "org.freedesktop.DBus.Error.Disconnected";

    /// <summary>A call got no reply within the connection's call timeout.</summary>
    public const string NoReply = "org.freedesktop.DBus.Error.NoReply";
}
