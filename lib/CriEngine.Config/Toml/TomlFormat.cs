using Tomlyn;
using Tomlyn.Helpers;
using Tomlyn.Model;
using Tomlyn.Syntax;

namespace CriEngine.Config.Toml;

/// <summary>
/// Keys and values in the TOML syntax that reads back to the same value: for messages and for
/// <c>criengine config</c>. Scalars are formatted by Tomlyn; arrays and tables are written inline.
/// </summary>
public static class TomlFormat
{
    /// <summary>A key as a bare key when it can be one, otherwise as a quoted basic string.</summary>
    public static string Key(string key) =>
        BareKeySyntax.IsBareKey(key) ? key : TomlFormatHelper.ToString(key, TomlPropertyDisplayKind.Default);

    public static string Value(TomlValue value) => value switch
    {
        TomlScalar { Value: string text } => TomlFormatHelper.ToString(text, TomlPropertyDisplayKind.Default),
        TomlScalar { Value: long integer } => TomlFormatHelper.ToString(integer, TomlPropertyDisplayKind.Default),
        TomlScalar { Value: double number } => TomlFormatHelper.ToString(number),
        TomlScalar { Value: bool boolean } => TomlFormatHelper.ToString(boolean),
        TomlScalar { Value: TomlDateTime dateTime } => TomlFormatHelper.ToString(dateTime),
        TomlArray array => array.Count == 0 ? "[]" : "[" + string.Join(", ", array.Select(Value)) + "]",
        TomlTable table => table.Count == 0
            ? "{}"
            : "{ " + string.Join(", ", table.Select(entry => $"{Key(entry.Key)} = {Value(entry.Value)}")) + " }",
        _ => throw new ArgumentException($"unknown TOML value {value.GetType().Name}", nameof(value)),
    };
}
