namespace CriEngine.DBus;

/// <summary>The header's second byte. Other values may arrive from newer peers and are ignored.</summary>
public enum DBusMessageType : byte
{
    MethodCall = 1,
    MethodReturn = 2,
    Error = 3,
    Signal = 4,
}
