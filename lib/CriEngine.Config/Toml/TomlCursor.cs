using System.Text;

namespace CriEngine.Config.Toml;

/// <summary>
/// A read position in a TOML source that keeps its 1-based line and column up to date, and the
/// helpers shared by every part of the grammar (whitespace, newlines, comments, errors).
/// </summary>
internal sealed class TomlCursor
{
    private readonly string _text;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    public TomlCursor(string text, string source)
    {
        _text = text;
        Source = source;
        // A byte order mark is an encoding artefact, not content, and only allowed at the very start.
        if (text.Length > 0 && text[0] == '\uFEFF')
            _index = 1;
    }

    public string Source { get; }

    public bool AtEnd => _index >= _text.Length;

    public TomlPosition Position => new(_line, _column);

    /// <summary>The UTF-16 unit <paramref name="offset"/> ahead, or <see cref="TomlCharacters.EndOfInput"/>.</summary>
    public int Peek(int offset = 0)
    {
        var i = _index + offset;
        return i < _text.Length ? _text[i] : TomlCharacters.EndOfInput;
    }

    public bool StartsWith(string value) =>
        _text.Length - _index >= value.Length && string.CompareOrdinal(_text, _index, value, 0, value.Length) == 0;

    /// <summary>LF or CRLF; a lone CR is not a newline.</summary>
    public bool AtNewline => Peek() == '\n' || (Peek() == '\r' && Peek(1) == '\n');

    public void Advance()
    {
        if (_index >= _text.Length)
            return;
        var c = _text[_index];
        _index++;
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        // The low half of a surrogate pair belongs to the column of its high half.
        else if (!(char.IsLowSurrogate(c) && _index >= 2 && char.IsHighSurrogate(_text[_index - 2])))
        {
            _column++;
        }
    }

    public void Advance(int count)
    {
        for (var i = 0; i < count; i++)
            Advance();
    }

    public string Slice(int offset, int length) => _text.Substring(_index + offset, length);

    public void SkipWhitespace()
    {
        while (TomlCharacters.IsWhitespace(Peek()))
            Advance();
    }

    public void SkipNewline() => Advance(Peek() == '\r' ? 2 : 1);

    /// <summary>Skips a comment starting at '#', up to (not including) the newline that ends it.</summary>
    public void SkipComment()
    {
        Advance();
        while (!AtEnd && !AtNewline)
        {
            if (TomlCharacters.IsForbiddenControl(Peek()))
                throw Error($"control character {DescribeCurrent()} is not allowed in a comment");
            AppendScalar(null);
        }
    }

    /// <summary>Skips whitespace, comments and newlines, as allowed between array elements.</summary>
    public void SkipBlank()
    {
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '#')
                SkipComment();
            if (!AtNewline)
                return;
            SkipNewline();
        }
    }

    /// <summary>
    /// Consumes one Unicode scalar value (a BMP character or a surrogate pair), appending it when a
    /// builder is given; a lone surrogate cannot be encoded in UTF-8, so TOML cannot contain one.
    /// </summary>
    public void AppendScalar(StringBuilder? builder)
    {
        var c = (char)Peek();
        if (char.IsHighSurrogate(c) && Peek(1) is var low and >= 0 && char.IsLowSurrogate((char)low))
        {
            builder?.Append(c).Append((char)low);
            Advance(2);
            return;
        }
        if (char.IsSurrogate(c))
            throw Error($"invalid character {TomlCharacters.Describe(c)} (unpaired surrogate)");
        builder?.Append(c);
        Advance();
    }

    /// <summary>The current character for an error message, naming a surrogate pair by its code point.</summary>
    public string DescribeCurrent()
    {
        var c = Peek();
        if (c >= 0 && char.IsHighSurrogate((char)c) && Peek(1) is var low and >= 0 && char.IsLowSurrogate((char)low))
            return TomlCharacters.Describe(char.ConvertToUtf32((char)c, (char)low));
        if (c == '\r' && Peek(1) == '\n')
            return "newline";
        return TomlCharacters.Describe(c);
    }

    public TomlParseException Error(string reason) => Error(reason, Position);

    public TomlParseException Error(string reason, TomlPosition at) => new(Source, at.Line, at.Column, reason);
}
