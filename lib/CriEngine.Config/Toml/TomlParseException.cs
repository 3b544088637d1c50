namespace CriEngine.Config.Toml;

/// <summary>An invalid TOML document, with the place of the first offending character.</summary>
public sealed class TomlParseException : Exception
{
    public TomlParseException(string source, int line, int column, string reason)
        : base($"{source}:{line}:{column}: {reason}")
    {
        Source = source;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The name the document was parsed under, usually a file path.</summary>
    /// <remarks>Hides <see cref="Exception.Source"/>, which names the throwing assembly and is of no use here.</remarks>
    public new string Source { get; }

    /// <summary>1-based.</summary>
    public int Line { get; }

    /// <summary>1-based, counting a character outside the BMP (a surrogate pair) as one column.</summary>
    public int Column { get; }

    public string Reason { get; }

    public TomlPosition Position => new(Line, Column);
}
