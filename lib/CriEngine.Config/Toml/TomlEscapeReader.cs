using System.Text;

namespace CriEngine.Config.Toml;

/// <summary>The escape sequences of basic strings.</summary>
internal static class TomlEscapeReader
{
    /// <summary>Reads the escape sequence at the backslash under the cursor and appends what it stands for.</summary>
    public static void Read(TomlCursor cursor, StringBuilder builder)
    {
        var backslash = cursor.Position;
        cursor.Advance();
        var c = cursor.Peek();
        var simple = c switch
        {
            'b' => '\b',
            't' => '\t',
            'n' => '\n',
            'f' => '\f',
            'r' => '\r',
            '"' => '"',
            '\\' => '\\',
            _ => (char?)null,
        };
        if (simple is { } escaped)
        {
            builder.Append(escaped);
            cursor.Advance();
            return;
        }
        if (c is 'u' or 'U')
        {
            ReadCodePoint(cursor, builder, backslash, c == 'u' ? 4 : 8);
            return;
        }
        if (c == TomlCharacters.EndOfInput)
            throw cursor.Error("unterminated string");
        var shown = c is > ' ' and < 0x7F ? $"\\{(char)c}" : $"(backslash followed by {cursor.DescribeCurrent()})";
        throw cursor.Error($"invalid escape sequence {shown}", backslash);
    }

    private static void ReadCodePoint(TomlCursor cursor, StringBuilder builder, TomlPosition backslash, int digits)
    {
        var letter = (char)cursor.Peek();
        cursor.Advance();
        long value = 0;
        for (var i = 0; i < digits; i++)
        {
            var c = cursor.Peek();
            if (!TomlCharacters.IsHexDigit(c))
                throw cursor.Error($"invalid escape sequence: \\{letter} needs {digits} hexadecimal digits");
            value = value * 16 + TomlCharacters.DigitValue(c);
            cursor.Advance();
        }
        if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            var written = value.ToString(digits == 4 ? "X4" : "X8", System.Globalization.CultureInfo.InvariantCulture);
            throw cursor.Error($"invalid escape sequence \\{letter}{written}: not a Unicode scalar value", backslash);
        }
        builder.Append(char.ConvertFromUtf32((int)value));
    }
}
