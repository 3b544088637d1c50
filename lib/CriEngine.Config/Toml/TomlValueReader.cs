namespace CriEngine.Config.Toml;

/// <summary>
/// Values on the right of '=': strings, numbers, booleans, date-times, arrays and inline tables.
/// Arrays and inline tables recurse, so their nesting is limited to <see cref="TomlParser.MaxDepth"/>.
/// </summary>
internal sealed class TomlValueReader(TomlCursor cursor, TomlTreeBuilder builder)
{
    private int _depth;

    public TomlValue Read()
    {
        var at = cursor.Position;
        var c = cursor.Peek();
        return c switch
        {
            '"' or '\'' => new TomlString(TomlStringReader.Read(cursor), at),
            '[' => ReadArray(at),
            '{' => ReadInlineTable(at),
            _ when TomlCharacters.IsValueToken(c) => ReadToken(at),
            _ => throw cursor.Error($"expected a value, found {cursor.DescribeCurrent()}"),
        };
    }

    /// <summary>Booleans, numbers and date-times: cut out the whole token, then decide what it is.</summary>
    private TomlValue ReadToken(TomlPosition at)
    {
        var length = 0;
        while (TomlCharacters.IsValueToken(cursor.Peek(length)))
            length++;
        // A space may separate date and time; it belongs to the token only when a time follows a full date.
        if (length == 10 && cursor.Peek(length) == ' ' && TomlCharacters.IsDigit(cursor.Peek(length + 1))
            && TomlDateTimeReader.Recognizes(cursor.Slice(0, length)))
        {
            length++;
            while (TomlCharacters.IsValueToken(cursor.Peek(length)))
                length++;
        }
        var token = cursor.Slice(0, length);
        TomlValue value = token switch
        {
            "true" => new TomlBoolean(true, at),
            "false" => new TomlBoolean(false, at),
            _ when TomlDateTimeReader.Recognizes(token) => TomlDateTimeReader.Read(token, at, cursor),
            _ when char.IsAsciiLetter(token[0]) && token is not ("inf" or "nan") =>
                throw cursor.Error($"invalid value \"{token}\" (strings must be quoted, booleans are lowercase)"),
            _ => TomlNumberReader.Read(token, at, cursor),
        };
        cursor.Advance(length);
        return value;
    }

    private TomlArray ReadArray(TomlPosition at)
    {
        Enter();
        cursor.Advance();
        var array = new TomlArray(at);
        while (true)
        {
            cursor.SkipBlank();
            if (cursor.Peek() == ']')
                break;
            if (cursor.AtEnd)
                throw cursor.Error("unterminated array");
            array.Add(Read());
            cursor.SkipBlank();
            if (cursor.Peek() == ',')
            {
                cursor.Advance();
                continue;
            }
            if (cursor.Peek() == ']')
                break;
            throw cursor.Error(cursor.AtEnd
                ? "unterminated array"
                : $"expected ',' or ']' in array, found {cursor.DescribeCurrent()}");
        }
        cursor.Advance();
        _depth--;
        return array;
    }

    /// <summary>
    /// <c>{ k = v, ... }</c> on one line, without a trailing comma. The table is sealed: nothing can be
    /// added to it (or to tables inside it) once it is closed.
    /// </summary>
    private TomlTable ReadInlineTable(TomlPosition at)
    {
        Enter();
        cursor.Advance();
        var table = new TomlTable(at) { Origin = TomlTableOrigin.Inline };
        cursor.SkipWhitespace();
        if (cursor.Peek() == '}')
        {
            cursor.Advance();
            _depth--;
            return table;
        }
        while (true)
        {
            cursor.SkipWhitespace();
            if (cursor.Peek() == '}')
                throw cursor.Error("a trailing comma is not allowed in an inline table");
            RejectLineBreak();
            var key = TomlKeyReader.Read(cursor);
            if (cursor.Peek() != '=')
                throw cursor.Error($"expected '=' after key, found {cursor.DescribeCurrent()}");
            cursor.Advance();
            cursor.SkipWhitespace();
            builder.Assign(table, key, Read());
            cursor.SkipWhitespace();
            if (cursor.Peek() == ',')
            {
                cursor.Advance();
                continue;
            }
            if (cursor.Peek() == '}')
                break;
            RejectLineBreak();
            throw cursor.Error(cursor.AtEnd
                ? "unterminated inline table"
                : $"expected ',' or '}}' in inline table, found {cursor.DescribeCurrent()}");
        }
        cursor.Advance();
        _depth--;
        return table;
    }

    private void RejectLineBreak()
    {
        if (cursor.AtNewline)
            throw cursor.Error("an inline table must be on a single line");
        if (cursor.Peek() == '#')
            throw cursor.Error("a comment is not allowed inside an inline table");
    }

    private void Enter()
    {
        if (++_depth > TomlParser.MaxDepth)
            throw cursor.Error($"arrays and inline tables are nested more than {TomlParser.MaxDepth} levels deep");
    }
}
