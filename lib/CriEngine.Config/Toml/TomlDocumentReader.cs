namespace CriEngine.Config.Toml;

/// <summary>
/// The top level of a document: one expression per line, each a key/value pair, a table header,
/// a comment or nothing.
/// </summary>
internal sealed class TomlDocumentReader
{
    private readonly TomlCursor _cursor;
    private readonly TomlTreeBuilder _builder;
    private readonly TomlValueReader _values;
    private readonly TomlTable _root = new(new TomlPosition(1, 1));

    public TomlDocumentReader(string text, string source)
    {
        _cursor = new TomlCursor(text, source);
        _builder = new TomlTreeBuilder(_cursor);
        _values = new TomlValueReader(_cursor, _builder);
    }

    public TomlTable Read()
    {
        var current = _root;
        while (!_cursor.AtEnd)
        {
            _cursor.SkipWhitespace();
            var c = _cursor.Peek();
            var what = "comment";
            if (c == '[')
            {
                current = ReadHeader();
                what = "table header";
            }
            else if (c is not ('#' or '\r' or TomlCharacters.EndOfInput) && !_cursor.AtNewline)
            {
                ReadKeyValue(current);
                what = "value";
            }
            EndLine(what);
        }
        return _root;
    }

    private TomlTable ReadHeader()
    {
        var at = _cursor.Position;
        _cursor.Advance();
        var isArray = _cursor.Peek() == '[';
        if (isArray)
            _cursor.Advance();
        _cursor.SkipWhitespace();
        var key = TomlKeyReader.Read(_cursor);
        if (isArray && !_cursor.StartsWith("]]"))
        {
            // With one ']' present the problem is the missing second one, so point there.
            if (_cursor.Peek() == ']')
                _cursor.Advance();
            throw _cursor.Error($"expected ']]' to close the array of tables header, found {_cursor.DescribeCurrent()}");
        }
        if (!isArray && _cursor.Peek() != ']')
            throw _cursor.Error($"expected ']' to close the table header, found {_cursor.DescribeCurrent()}");
        _cursor.Advance(isArray ? 2 : 1);
        return isArray ? _builder.OpenArrayElement(_root, key, at) : _builder.OpenTable(_root, key, at);
    }

    private void ReadKeyValue(TomlTable table)
    {
        var key = TomlKeyReader.Read(_cursor);
        if (_cursor.Peek() != '=')
            throw _cursor.Error($"expected '=' after key, found {_cursor.DescribeCurrent()}");
        _cursor.Advance();
        _cursor.SkipWhitespace();
        _builder.Assign(table, key, _values.Read());
    }

    /// <summary>After an expression only whitespace and a comment may follow on the same line.</summary>
    private void EndLine(string after)
    {
        _cursor.SkipWhitespace();
        if (_cursor.Peek() == '#')
            _cursor.SkipComment();
        if (_cursor.AtEnd)
            return;
        if (!_cursor.AtNewline)
            throw _cursor.Error(_cursor.Peek() == '\r'
                ? "a carriage return must be followed by a line feed"
                : $"expected a newline after the {after}, found {_cursor.DescribeCurrent()}");
        _cursor.SkipNewline();
    }
}
