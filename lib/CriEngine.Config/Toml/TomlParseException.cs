namespace CriEngine.Config.Toml;

/// <summary>
/// An unreadable config file: not UTF-8 (no place but the reason, which names the byte offset),
/// or not TOML (the place of the first offending character).
/// </summary>
public sealed class TomlParseException : Exception
{
    public TomlParseException(string source, int line, int column, string reason)
        : base(line == 0 ? $"{source}: {reason}" : $"{source}:{line}:{column}: {reason}")
    {
        Source = source;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The name the document was parsed under, usually a file path.</summary>
    /// <remarks>Hides <see cref="Exception.Source"/>, which names the throwing assembly and is of no use here.</remarks>
    public new string Source { get; }

    /// <summary>1-based; 0 when the file is not UTF-8.</summary>
    public int Line { get; }

    /// <summary>1-based; 0 when the file is not UTF-8.</summary>
    public int Column { get; }

    public string Reason { get; }

    public TomlPosition Position => new(Line, Column);
}
