namespace CriEngine.DBus;

/// <summary>
/// Bytes or a signature that break the D-Bus wire format or its limits. A peer that sends one is
/// broken or hostile, so the connection it came over is dropped.
/// </summary>
public sealed class DBusFormatException(string errorMessage)
    : DBusException(DBusErrorNames.InconsistentMessage, errorMessage);
