namespace CriEngine.DBus;

/// <summary>
/// A D-Bus failure named the D-Bus way: an error reply from the peer (its error name and
/// message), or a local failure under the name libdbus gives it (<see cref="DBusErrorNames"/>).
/// </summary>
public class DBusException : Exception
{
    public DBusException(string errorName, string errorMessage, Exception? innerException = null)
        : base($"{errorName}: {errorMessage}", innerException)
    {
        ErrorName = errorName;
        ErrorMessage = errorMessage;
    }

    /// <summary>The D-Bus error name, e.g. <c>org.freedesktop.systemd1.NoSuchUnit</c>.</summary>
    public string ErrorName { get; }

    /// <summary>The human-readable text: the error reply's first string argument, if it had one.</summary>
    public string ErrorMessage { get; }
}
