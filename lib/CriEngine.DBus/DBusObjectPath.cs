using CriEngine.DBus.Wire;

namespace CriEngine.DBus;

/// <summary>
/// An object path (<c>o</c>): <c>/</c>, or <c>/</c>-separated non-empty elements of
/// <c>[A-Za-z0-9_]</c> without a trailing <c>/</c>. Validated on construction.
/// </summary>
public sealed record DBusObjectPath
{
    public static readonly DBusObjectPath Root = new("/");

    public DBusObjectPath(string value)
    {
        if (!DBusNames.IsObjectPath(value))
            throw new ArgumentException($"'{value}' is not a valid D-Bus object path", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;
}
