namespace CriEngine.DBus;

/// <summary>The error names this library raises itself, as libdbus names the same failures.</summary>
public static class DBusErrorNames
{
    /// <summary>An error reply without a name (never valid), or a generic failure.</summary>
    public const string Failed = "org.freedesktop.DBus.Error.Failed";

    /// <summary>No endpoint could be connected to or authenticated with.</summary>
    public const string NoServer = "org.freedesktop.DBus.Error.NoServer";

    /// <summary>The server refused SASL EXTERNAL for this uid.</summary>
    public const string AuthFailed = "org.freedesktop.DBus.Error.AuthFailed";

    /// <summary>The connection went away while a call or a subscription was using it.</summary>
    public const string Disconnected = "org.freedesktop.DBus.Error.Disconnected";

    /// <summary>A call got no reply within the connection's call timeout.</summary>
    public const string NoReply = "org.freedesktop.DBus.Error.NoReply";

    /// <summary>Malformed bytes or a broken limit (<see cref="DBusFormatException"/>).</summary>
    public const string InconsistentMessage = "org.freedesktop.DBus.Error.InconsistentMessage";

    /// <summary>Our answer to a method call a peer sends us: this client serves no objects.</summary>
    public const string UnknownMethod = "org.freedesktop.DBus.Error.UnknownMethod";
}
