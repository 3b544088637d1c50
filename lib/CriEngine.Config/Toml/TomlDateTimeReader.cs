namespace CriEngine.Config.Toml;

/// <summary>
/// The four RFC 3339 based kinds: offset date-time, local date-time, local date and local time.
/// Parsed from a token cut out of the source (ASCII, one line), like numbers.
/// </summary>
/// <remarks>
/// A leap second (second 60) is rejected: <see cref="TimeOnly"/> cannot hold it, and accepting it by
/// silently changing the value would be worse than a clear error. Year 0000 is rejected for the same
/// reason. Fractions finer than 100 ns are truncated, as the specification asks.
/// </remarks>
internal sealed class TomlDateTimeReader
{
    private readonly string _token;
    private readonly TomlPosition _start;
    private readonly TomlCursor _cursor;
    private int _index;

    private TomlDateTimeReader(string token, TomlPosition start, TomlCursor cursor)
    {
        _token = token;
        _start = start;
        _cursor = cursor;
    }

    /// <summary>Whether a token is meant as a date or time: it starts with digits followed by '-' or ':'.</summary>
    public static bool Recognizes(string token) => FirstSeparator(token) is '-' or ':';

    /// <summary>The character after the leading digits: ':' for a time, '-' for a date.</summary>
    private static int FirstSeparator(string token)
    {
        var digits = 0;
        while (digits < token.Length && TomlCharacters.IsDigit(token[digits]))
            digits++;
        return digits > 0 && digits < token.Length ? token[digits] : TomlCharacters.EndOfInput;
    }

    public static TomlDateTime Read(string token, TomlPosition start, TomlCursor cursor) =>
        new TomlDateTimeReader(token, start, cursor).Read();

    private int Current => _index < _token.Length ? _token[_index] : TomlCharacters.EndOfInput;

    private TomlDateTime Read()
    {
        if (FirstSeparator(_token) == ':')
        {
            var localTime = ReadTime();
            if (Current is 'Z' or 'z' or '+' or '-')
                throw Error("a local time cannot have an offset");
            ExpectEnd();
            return new TomlDateTime(null, localTime, null, _start);
        }
        var date = ReadDate();
        if (Current == TomlCharacters.EndOfInput)
            return new TomlDateTime(date, null, null, _start);
        if (Current is not ('T' or 't' or ' '))
            throw Error($"expected 'T' or a space between date and time, found {TomlCharacters.Describe(Current)}");
        _index++;
        var time = ReadTime();
        var offset = Current == TomlCharacters.EndOfInput ? (TimeSpan?)null : ReadOffset();
        ExpectEnd();
        return new TomlDateTime(date, time, offset, _start);
    }

    private DateOnly ReadDate()
    {
        var yearAt = _index;
        var year = ReadField(4, "year");
        Expect('-');
        var monthAt = _index;
        var month = ReadField(2, "month");
        Expect('-');
        var dayAt = _index;
        var day = ReadField(2, "day");
        if (year == 0)
            throw Error("year 0000 is not supported", yearAt - _index);
        if (month is < 1 or > 12)
            throw Error("month must be between 01 and 12", monthAt - _index);
        var days = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
            throw Error($"day must be between 01 and {days} in {year:D4}-{month:D2}", dayAt - _index);
        return new DateOnly(year, month, day);
    }

    private TimeOnly ReadTime()
    {
        var hourAt = _index;
        var hour = ReadField(2, "hour");
        Expect(':');
        var minuteAt = _index;
        var minute = ReadField(2, "minute");
        Expect(':');
        var secondAt = _index;
        var second = ReadField(2, "second");
        if (hour > 23)
            throw Error("hour must be between 00 and 23", hourAt - _index);
        if (minute > 59)
            throw Error("minute must be between 00 and 59", minuteAt - _index);
        if (second == 60)
            throw Error("leap seconds (second 60) are not supported", secondAt - _index);
        if (second > 59)
            throw Error("second must be between 00 and 59", secondAt - _index);
        return new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ReadFraction()));
    }

    /// <summary>An optional fraction of a second, in ticks; digits beyond the seventh are dropped (truncation, not rounding).</summary>
    private long ReadFraction()
    {
        if (Current != '.')
            return 0;
        _index++;
        if (!TomlCharacters.IsDigit(Current))
            throw Error("expected a digit after the decimal point", -1);
        long ticks = 0;
        var digits = 0;
        for (; TomlCharacters.IsDigit(Current); _index++, digits++)
        {
            if (digits < 7)
                ticks = ticks * 10 + (Current - '0');
        }
        for (; digits < 7; digits++)
            ticks *= 10;
        return ticks;
    }

    private TimeSpan ReadOffset()
    {
        if (Current is 'Z' or 'z')
        {
            _index++;
            return TimeSpan.Zero;
        }
        if (Current is not ('+' or '-'))
            throw Error($"expected 'Z' or an offset like +01:00, found {TomlCharacters.Describe(Current)}");
        var negative = Current == '-';
        _index++;
        var hourAt = _index;
        var hours = ReadField(2, "offset hour");
        Expect(':');
        var minuteAt = _index;
        var minutes = ReadField(2, "offset minute");
        if (hours > 23)
            throw Error("offset hour must be between 00 and 23", hourAt - _index);
        if (minutes > 59)
            throw Error("offset minute must be between 00 and 59", minuteAt - _index);
        var offset = new TimeSpan(hours, minutes, 0);
        return negative ? -offset : offset;
    }

    private int ReadField(int length, string name)
    {
        var value = 0;
        for (var i = 0; i < length; i++)
        {
            if (!TomlCharacters.IsDigit(Current))
                throw Error($"expected a {length}-digit {name}, found {TomlCharacters.Describe(Current)}");
            value = value * 10 + (Current - '0');
            _index++;
        }
        return value;
    }

    private void Expect(char separator)
    {
        if (Current != separator)
            throw Error($"expected '{separator}', found {TomlCharacters.Describe(Current)}");
        _index++;
    }

    private void ExpectEnd()
    {
        if (Current != TomlCharacters.EndOfInput)
            throw Error($"invalid character {TomlCharacters.Describe(Current)} in date-time");
    }

    private TomlParseException Error(string reason, int offset = 0) =>
        _cursor.Error(reason, _start with { Column = _start.Column + _index + offset });
}
