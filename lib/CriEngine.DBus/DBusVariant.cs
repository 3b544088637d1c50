using CriEngine.DBus.Wire;

namespace CriEngine.DBus;

/// <summary>
/// A value with its type, as a variant (<c>v</c>) carries it: how property values travel
/// (Properties.Get, StartTransientUnit's <c>a(sv)</c>). Values are CLR values by type code:
/// <c>y</c> byte, <c>b</c> bool, <c>n</c> short, <c>q</c> ushort, <c>i</c> int, <c>u</c> uint,
/// <c>x</c> long, <c>t</c> ulong, <c>d</c> double, <c>s</c> string, <c>o</c> <see cref="DBusObjectPath"/>,
/// <c>g</c> <see cref="DBusSignature"/>, <c>v</c> <see cref="DBusVariant"/>, arrays any
/// IEnumerable of element values (read back as a list), structs and dict entries <see cref="DBusStruct"/>.
/// The writer checks the value against the type when it is marshalled.
/// </summary>
public sealed class DBusVariant : IEquatable<DBusVariant>
{
    public DBusVariant(DBusType type, object value)
    {
        Type = type;
        Value = value;
    }

    /// <param name="signature">A single complete type, e.g. <c>au</c>.</param>
    public DBusVariant(string signature, object value)
        : this(DBusType.Parse(signature), value)
    {
    }

    public DBusType Type { get; }

    public object Value { get; }

    public static DBusVariant Boolean(bool value) => new(DBusType.Boolean, value);

    public static DBusVariant UInt32(uint value) => new(DBusType.UInt32, value);

    public static DBusVariant UInt64(ulong value) => new(DBusType.UInt64, value);

    public static DBusVariant String(string value) => new(DBusType.String, value);

    /// <summary>The value as <typeparamref name="T"/>, or an error naming what the variant holds.</summary>
    public T As<T>() => Value is T typed
        ? typed
        : throw new InvalidCastException($"variant of type '{Type}' holds {Value.GetType().Name}, not {typeof(T).Name}");

    public bool Equals(DBusVariant? other) => other is not null && Type.Equals(other.Type) && DBusValueEquality.ValuesEqual(Value, other.Value);

    public override bool Equals(object? obj) => Equals(obj as DBusVariant);

    public override int GetHashCode() => Type.GetHashCode();

    public override string ToString() => $"<{Type}> {Value}";
}
