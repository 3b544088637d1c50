using CriEngine.DBus.Wire;

namespace CriEngine.DBus;

/// <summary>
/// The value of a struct or a dict entry: its fields in order (a dict entry has two, key first).
/// Equal to another with equal fields, arrays compared element by element.
/// </summary>
public sealed class DBusStruct : IEquatable<DBusStruct>
{
    public DBusStruct(params object[] fields) => Fields = fields;

    public IReadOnlyList<object> Fields { get; }

    public bool Equals(DBusStruct? other) => other is not null && DBusValueEquality.SequenceEqual(Fields, other.Fields);

    public override bool Equals(object? obj) => Equals(obj as DBusStruct);

    public override int GetHashCode() => Fields.Count;

    public override string ToString() => "(" + string.Join(", ", Fields) + ")";
}
