using CriEngine.DBus.Wire;

namespace CriEngine.DBus;

/// <summary>A signature (<c>g</c>): zero or more complete types, validated on construction.</summary>
public sealed class DBusSignature : IEquatable<DBusSignature>
{
    public static readonly DBusSignature Empty = new("");

    public DBusSignature(string value)
    {
        Types = SignatureParser.Parse(value);
        Value = value;
    }

    public string Value { get; }

    public IReadOnlyList<DBusType> Types { get; }

    public bool Equals(DBusSignature? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => Equals(obj as DBusSignature);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value;
}
