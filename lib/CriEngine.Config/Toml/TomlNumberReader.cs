using System.Globalization;
using System.Text;

namespace CriEngine.Config.Toml;

/// <summary>
/// Integers and floats, parsed from a token already cut out of the source. All the token's characters
/// are ASCII on one line, so the column of an offending character is the token's column plus its offset.
/// </summary>
internal sealed class TomlNumberReader
{
    private readonly string _token;
    private readonly TomlPosition _start;
    private readonly TomlCursor _cursor;
    private int _index;

    private TomlNumberReader(string token, TomlPosition start, TomlCursor cursor)
    {
        _token = token;
        _start = start;
        _cursor = cursor;
    }

    public static TomlValue Read(string token, TomlPosition start, TomlCursor cursor) =>
        new TomlNumberReader(token, start, cursor).Read();

    private int Current => _index < _token.Length ? _token[_index] : TomlCharacters.EndOfInput;

    private TomlValue Read()
    {
        var sign = Current is '+' or '-' ? (char)Current : (char?)null;
        if (sign is not null)
            _index++;
        var unsigned = _token[_index..];
        if (unsigned == "inf")
            return new TomlFloat(sign == '-' ? double.NegativeInfinity : double.PositiveInfinity, _start);
        if (unsigned == "nan")
            return new TomlFloat(double.NaN, _start);
        if (unsigned.Length >= 2 && unsigned[0] == '0' && unsigned[1] is 'x' or 'o' or 'b')
        {
            if (sign is not null)
                throw Error("hexadecimal, octal and binary integers cannot have a sign", -_index);
            _index += 2;
            return ReadRadixInteger(unsigned[1] switch { 'x' => 16, 'o' => 8, _ => 2 });
        }
        return ReadDecimal(sign);
    }

    private TomlValue ReadDecimal(char? sign)
    {
        if (Current == '.')
            throw Error("a decimal point must be preceded by a digit");
        var integerStart = _index;
        var integer = ReadDigits(TomlCharacters.IsDigit, "a digit");
        if (integer.Length > 1 && integer[0] == '0')
            throw Error("leading zeros are not allowed", integerStart - _index);
        var text = new StringBuilder();
        if (sign is { } signCharacter)
            text.Append(signCharacter);
        text.Append(integer);
        var isFloat = false;
        if (Current == '.')
        {
            isFloat = true;
            _index++;
            if (!TomlCharacters.IsDigit(Current))
                throw Error("a decimal point must be followed by a digit", -1);
            text.Append('.').Append(ReadDigits(TomlCharacters.IsDigit, "a digit"));
        }
        if (Current is 'e' or 'E')
        {
            isFloat = true;
            _index++;
            text.Append('e');
            if (Current is '+' or '-')
            {
                text.Append((char)Current);
                _index++;
            }
            text.Append(ReadDigits(TomlCharacters.IsDigit, "a digit in the exponent"));
        }
        if (Current != TomlCharacters.EndOfInput)
            throw Error($"invalid character {TomlCharacters.Describe(Current)} in number");
        return isFloat ? ToFloat(text.ToString()) : ToInteger(text.ToString());
    }

    private TomlValue ToInteger(string text)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error("integer out of range", -_index);
        return new TomlInteger(value, _start);
    }

    private TomlValue ToFloat(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
            throw Error("float out of range", -_index);
        return new TomlFloat(value, _start);
    }

    private TomlValue ReadRadixInteger(int radix)
    {
        var name = radix switch { 16 => "a hexadecimal digit", 8 => "an octal digit", _ => "a binary digit" };
        var digits = ReadDigits(c => IsRadixDigit(c, radix), name);
        if (Current != TomlCharacters.EndOfInput)
            throw Error($"invalid character {TomlCharacters.Describe(Current)} in number");
        long value = 0;
        foreach (var digit in digits)
        {
            var d = TomlCharacters.DigitValue(digit);
            if (value > (long.MaxValue - d) / radix)
                throw Error("integer out of range", -_index);
            value = value * radix + d;
        }
        return new TomlInteger(value, _start);
    }

    private static bool IsRadixDigit(int c, int radix) => radix switch
    {
        16 => TomlCharacters.IsHexDigit(c),
        8 => c is >= '0' and <= '7',
        _ => c is '0' or '1',
    };

    /// <summary>A run of digits in which each underscore stands between two digits; returns the digits alone.</summary>
    private string ReadDigits(Func<int, bool> isDigit, string what)
    {
        if (!isDigit(Current))
            throw Current == '_'
                ? Error("an underscore must be between two digits")
                : Error($"expected {what}, found {TomlCharacters.Describe(Current)}");
        var digits = new StringBuilder();
        while (true)
        {
            if (isDigit(Current))
            {
                digits.Append((char)Current);
                _index++;
            }
            else if (Current == '_' && _index + 1 < _token.Length && isDigit(_token[_index + 1]))
            {
                _index++;
            }
            else if (Current == '_')
            {
                throw Error("an underscore must be between two digits");
            }
            else
            {
                return digits.ToString();
            }
        }
    }

    /// <summary>An error at the current character, or <paramref name="offset"/> characters from it.</summary>
    private TomlParseException Error(string reason, int offset = 0) =>
        _cursor.Error(reason, _start with { Column = _start.Column + _index + offset });
}
