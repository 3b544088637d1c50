using System.Text;

namespace CriEngine.Config.Toml;

/// <summary>The four string forms: basic, literal, and their multi-line variants.</summary>
internal static class TomlStringReader
{
    /// <summary>Reads whichever string form starts at the quote under the cursor.</summary>
    public static string Read(TomlCursor cursor) => cursor.Peek() == '"'
        ? cursor.StartsWith("\"\"\"") ? ReadMultilineBasic(cursor) : ReadBasic(cursor)
        : cursor.StartsWith("'''") ? ReadMultilineLiteral(cursor) : ReadLiteral(cursor);

    public static string ReadBasic(TomlCursor cursor)
    {
        cursor.Advance();
        var builder = new StringBuilder();
        while (true)
        {
            var c = cursor.Peek();
            if (c == '"')
            {
                cursor.Advance();
                return builder.ToString();
            }
            if (c == '\\')
                TomlEscapeReader.Read(cursor, builder);
            else
                AppendContent(cursor, builder);
        }
    }

    public static string ReadLiteral(TomlCursor cursor)
    {
        cursor.Advance();
        var builder = new StringBuilder();
        while (true)
        {
            if (cursor.Peek() == '\'')
            {
                cursor.Advance();
                return builder.ToString();
            }
            AppendContent(cursor, builder);
        }
    }

    private static string ReadMultilineBasic(TomlCursor cursor)
    {
        OpenMultiline(cursor);
        var builder = new StringBuilder();
        while (true)
        {
            var c = cursor.Peek();
            if (c == '"')
            {
                if (CloseMultiline(cursor, builder, '"'))
                    return builder.ToString();
            }
            else if (c == '\\')
            {
                if (!SkipLineEndingBackslash(cursor))
                    TomlEscapeReader.Read(cursor, builder);
            }
            else
            {
                AppendMultilineContent(cursor, builder);
            }
        }
    }

    private static string ReadMultilineLiteral(TomlCursor cursor)
    {
        OpenMultiline(cursor);
        var builder = new StringBuilder();
        while (true)
        {
            if (cursor.Peek() != '\'')
                AppendMultilineContent(cursor, builder);
            else if (CloseMultiline(cursor, builder, '\''))
                return builder.ToString();
        }
    }

    /// <summary>Skips the opening delimiter and the newline right after it, which is not content.</summary>
    private static void OpenMultiline(TomlCursor cursor)
    {
        cursor.Advance(3);
        if (cursor.AtNewline)
            cursor.SkipNewline();
    }

    /// <summary>
    /// At a run of quotes: one or two are content; three to five close the string, the extra one or two
    /// being content just inside the delimiter. Returns whether the string ended.
    /// </summary>
    private static bool CloseMultiline(TomlCursor cursor, StringBuilder builder, char quote)
    {
        var count = 0;
        while (cursor.Peek(count) == quote)
            count++;
        if (count > 5)
        {
            cursor.Advance(5);
            throw cursor.Error("too many quotes at the end of a multi-line string");
        }
        builder.Append(quote, count < 3 ? count : count - 3);
        cursor.Advance(count);
        return count >= 3;
    }

    /// <summary>
    /// A backslash that is the last non-whitespace character on its line joins the lines: it is dropped
    /// with all whitespace and newlines up to the next other character. Returns false for any other escape.
    /// </summary>
    private static bool SkipLineEndingBackslash(TomlCursor cursor)
    {
        var offset = 1;
        while (TomlCharacters.IsWhitespace(cursor.Peek(offset)))
            offset++;
        var c = cursor.Peek(offset);
        if (c != '\n' && !(c == '\r' && cursor.Peek(offset + 1) == '\n'))
            return false;
        cursor.Advance(offset);
        while (TomlCharacters.IsWhitespace(cursor.Peek()) || cursor.AtNewline)
            cursor.Advance();
        return true;
    }

    private static void AppendMultilineContent(TomlCursor cursor, StringBuilder builder)
    {
        if (cursor.AtNewline)
        {
            // CRLF becomes LF so that a document means the same whichever line endings it was saved with.
            builder.Append('\n');
            cursor.SkipNewline();
            return;
        }
        if (cursor.AtEnd)
            throw cursor.Error("unterminated multi-line string");
        AppendContent(cursor, builder);
    }

    /// <summary>Appends one ordinary character, rejecting what a string may not contain.</summary>
    private static void AppendContent(TomlCursor cursor, StringBuilder builder)
    {
        var c = cursor.Peek();
        if (c == TomlCharacters.EndOfInput || cursor.AtNewline)
            throw cursor.Error("unterminated string");
        if (TomlCharacters.IsForbiddenControl(c))
            throw cursor.Error($"control character {TomlCharacters.Describe(c)} is not allowed in a string");
        cursor.AppendScalar(builder);
    }
}
