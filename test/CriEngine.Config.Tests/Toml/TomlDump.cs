using System.Globalization;
using System.Text;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

/// <summary>
/// A compact, type-tagged text form of a parsed tree, so a test can state a whole expected document in
/// one string. Integers are plain, floats are float(...), date-times are tagged with their kind.
/// </summary>
internal static class TomlDump
{
    public static string Parse(string document) => Of(TomlParser.Parse(document));

    public static string Of(TomlValue value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, TomlValue value)
    {
        switch (value)
        {
            case TomlString s:
                builder.Append(Quote(s.Value));
                break;
            case TomlInteger i:
                builder.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case TomlFloat f:
                builder.Append("float(").Append(f.Value.ToString("R", CultureInfo.InvariantCulture)).Append(')');
                break;
            case TomlBoolean b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case TomlDateTime d:
                AppendDateTime(builder, d);
                break;
            case TomlArray a:
                builder.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                        builder.Append(", ");
                    Append(builder, a[i]);
                }
                builder.Append(']');
                break;
            case TomlTable t:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in t)
                {
                    builder.Append(first ? "" : ", ").Append(IsPlain(key) ? key : Quote(key)).Append(": ");
                    Append(builder, item);
                    first = false;
                }
                builder.Append('}');
                break;
        }
    }

    private static void AppendDateTime(StringBuilder builder, TomlDateTime d)
    {
        var tag = d.Kind switch
        {
            TomlKind.OffsetDateTime => "odt",
            TomlKind.LocalDateTime => "ldt",
            TomlKind.LocalDate => "ld",
            _ => "lt",
        };
        builder.Append(tag).Append('(');
        if (d.Date is { } date)
            builder.Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (d.Date is not null && d.Time is not null)
            builder.Append('T');
        if (d.Time is { } time)
            builder.Append(time.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.'));
        if (d.Offset is { } offset)
            builder.Append(offset < TimeSpan.Zero ? '-' : '+').Append(offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture));
        builder.Append(')');
    }

    private static bool IsPlain(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                < ' ' or '\x7F' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }
        return builder.Append('"').ToString();
    }
}
