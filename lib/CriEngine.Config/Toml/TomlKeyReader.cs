namespace CriEngine.Config.Toml;

/// <summary>Keys: bare, quoted (basic or literal, single-line), and dotted sequences of them.</summary>
internal static class TomlKeyReader
{
    /// <summary>
    /// Reads a key and the whitespace after it. The number of parts is limited because every part
    /// nests a table one level deeper, and consumers of the tree walk it recursively.
    /// </summary>
    public static List<TomlKeyPart> Read(TomlCursor cursor)
    {
        var parts = new List<TomlKeyPart>();
        while (true)
        {
            if (parts.Count == TomlParser.MaxDepth)
                throw cursor.Error($"key has more than {TomlParser.MaxDepth} parts");
            parts.Add(ReadPart(cursor));
            cursor.SkipWhitespace();
            if (cursor.Peek() != '.')
                return parts;
            cursor.Advance();
            cursor.SkipWhitespace();
        }
    }

    /// <summary>Renders a key path (or its first <paramref name="count"/> parts) for error messages.</summary>
    public static string Describe(IReadOnlyList<TomlKeyPart> key, int count) =>
        "\"" + string.Join('.', key.Take(count).Select(part => part.Name)) + "\"";

    private static TomlKeyPart ReadPart(TomlCursor cursor)
    {
        var at = cursor.Position;
        var c = cursor.Peek();
        if (c == '"' || c == '\'')
        {
            if (cursor.StartsWith(c == '"' ? "\"\"\"" : "'''"))
                throw cursor.Error("a multi-line string cannot be used as a key");
            var quoted = c == '"' ? TomlStringReader.ReadBasic(cursor) : TomlStringReader.ReadLiteral(cursor);
            return new TomlKeyPart(quoted, at);
        }
        if (!TomlCharacters.IsBareKey(c))
            throw cursor.Error($"expected a key, found {cursor.DescribeCurrent()}");
        var length = 0;
        while (TomlCharacters.IsBareKey(cursor.Peek(length)))
            length++;
        var bare = cursor.Slice(0, length);
        cursor.Advance(length);
        if (!IsKeyBoundary(cursor.Peek()))
            throw cursor.Error($"invalid character {cursor.DescribeCurrent()} in key");
        return new TomlKeyPart(bare, at);
    }

    /// <summary>What may follow a bare key; anything else is a character bare keys may not contain.</summary>
    private static bool IsKeyBoundary(int c) =>
        c is ' ' or '\t' or '.' or '=' or ']' or '}' or ',' or '\n' or '\r' or '#' or TomlCharacters.EndOfInput;
}
