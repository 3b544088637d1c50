namespace CriEngine.DBus.Wire;

/// <summary>
/// A received header's fields by code. Code 0 and a field given twice are refused; a known field
/// with the wrong type is refused when asked for; unknown codes are kept and never asked for,
/// which is how the specification says to treat fields of newer versions.
/// </summary>
internal sealed class HeaderFieldMap
{
    public static readonly DBusType FieldType = DBusType.Parse("(yv)");

    private readonly Dictionary<byte, DBusVariant> _fields = [];

    public static HeaderFieldMap Read(DBusReader reader)
    {
        var map = new HeaderFieldMap();
        foreach (DBusStruct field in reader.ReadArray(FieldType))
        {
            var code = (byte)field.Fields[0];
            if (code == 0)
                throw new DBusFormatException("header field with code 0 (INVALID)");
            if (!map._fields.TryAdd(code, (DBusVariant)field.Fields[1]))
                throw new DBusFormatException($"header field {code} appears twice");
        }
        return map;
    }

    /// <summary>Field <paramref name="code"/>'s value, or default when absent.</summary>
    public T? Get<T>(byte code, char typeCode)
    {
        if (!_fields.TryGetValue(code, out var value))
            return default;
        if (value.Type.Code != typeCode)
            throw new DBusFormatException($"header field {code} has type '{value.Type}', not '{typeCode}'");
        return (T)value.Value;
    }
}
