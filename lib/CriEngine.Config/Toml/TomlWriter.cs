namespace CriEngine.Config.Toml;

/// <summary>Writes TOML values and documents that <see cref="TomlParser"/> reads back to equal trees.</summary>
public static class TomlWriter
{
    /// <summary>A key as a bare key when it can be one, otherwise as a quoted basic string.</summary>
    public static string FormatKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TomlValueFormatter.FormatKey(key);
    }

    /// <summary>
    /// A value in inline form: basic strings, floats that always read back as floats (inf and nan
    /// included), RFC 3339 date-times, inline arrays and inline tables.
    /// </summary>
    /// <exception cref="ArgumentException">The value cannot be expressed in TOML (an unpaired surrogate, an offset that is not whole minutes).</exception>
    public static string FormatValue(TomlValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TomlValueFormatter.FormatValue(value);
    }

    /// <summary>A whole document: plain keys first, then sub-tables as <c>[a.b]</c> and arrays of tables as <c>[[a.b]]</c>.</summary>
    public static string Write(TomlTable document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return TomlDocumentWriter.Write(document);
    }

    /// <summary>
    /// Whether two values are structurally equal, ignoring positions and the order of table keys.
    /// Any NaN equals any NaN; 0.0 and -0.0 differ.
    /// </summary>
    public static bool DeepEquals(TomlValue a, TomlValue b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return TomlEquality.DeepEquals(a, b);
    }
}
