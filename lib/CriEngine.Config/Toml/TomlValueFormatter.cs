using System.Globalization;
using System.Text;

namespace CriEngine.Config.Toml;

/// <summary>Renders keys and values in the TOML syntax that reads back to the same value.</summary>
internal static class TomlValueFormatter
{
    public static string FormatKey(string key) =>
        key.Length > 0 && key.All(c => TomlCharacters.IsBareKey(c)) ? key : FormatString(key);

    public static string FormatValue(TomlValue value) => value switch
    {
        TomlString s => FormatString(s.Value),
        TomlInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        TomlFloat f => FormatFloat(f.Value),
        TomlBoolean b => b.Value ? "true" : "false",
        TomlDateTime d => FormatDateTime(d),
        TomlArray a => a.Count == 0 ? "[]" : "[" + string.Join(", ", a.Select(FormatValue)) + "]",
        TomlTable t => t.Count == 0
            ? "{}"
            : "{ " + string.Join(", ", t.Select(entry => $"{FormatKey(entry.Key)} = {FormatValue(entry.Value)}")) + " }",
        _ => throw new ArgumentException($"unknown TOML value type {value.GetType().Name}", nameof(value)),
    };

    /// <summary>A basic string; control characters are escaped since TOML forbids them raw.</summary>
    private static string FormatString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\t': builder.Append("\\t"); break;
                case '\n': builder.Append("\\n"); break;
                case '\f': builder.Append("\\f"); break;
                case '\r': builder.Append("\\r"); break;
                case < ' ' or '\x7F': builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        builder.Append(c).Append(value[++i]);
                    else if (char.IsSurrogate(c))
                        throw new ArgumentException("a string with an unpaired surrogate cannot be written as TOML", nameof(value));
                    else
                        builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Shortest round-trip form, given a fraction when it would otherwise read back as an integer.</summary>
    private static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
            return "nan";
        if (double.IsInfinity(value))
            return value > 0 ? "inf" : "-inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static string FormatDateTime(TomlDateTime value)
    {
        var builder = new StringBuilder();
        if (value.Date is { } date)
            builder.Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (value.Date is not null && value.Time is not null)
            builder.Append('T');
        if (value.Time is { } time)
            builder.Append(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        if (value.Offset is { } offset)
            builder.Append(FormatOffset(offset));
        return builder.ToString();
    }

    private static string FormatOffset(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
            return "Z";
        var magnitude = offset.Duration();
        if (magnitude.Ticks % TimeSpan.TicksPerMinute != 0 || magnitude >= TimeSpan.FromDays(1))
            throw new ArgumentException($"offset {offset} cannot be written as TOML (whole minutes below 24 hours)", nameof(offset));
        return (offset < TimeSpan.Zero ? "-" : "+") + magnitude.ToString("hh\\:mm", CultureInfo.InvariantCulture);
    }
}
