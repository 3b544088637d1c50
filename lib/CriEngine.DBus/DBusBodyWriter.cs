using Tmds.DBus.Protocol;

namespace CriEngine.DBus;

/// <summary>Writes a method call's arguments, in the order and types its signature declares.</summary>
public delegate void DBusBodyWriter(ref MessageWriter writer);
