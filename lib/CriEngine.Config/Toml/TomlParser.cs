namespace CriEngine.Config.Toml;

/// <summary>Parses TOML 1.0.0 documents.</summary>
public static class TomlParser
{
    /// <summary>
    /// How deep arrays and inline tables may nest inside one value, and how many parts a key may have.
    /// Far beyond any real configuration; it keeps hostile input from exhausting the stack.
    /// </summary>
    public const int MaxDepth = 128;

    /// <summary>Parses a whole document into its root table.</summary>
    /// <param name="text">The document; a leading byte order mark is skipped.</param>
    /// <param name="source">Names the document in error messages, usually its file path.</param>
    /// <exception cref="TomlParseException">The document is not valid TOML 1.0.0.</exception>
    public static TomlTable Parse(string text, string source = "<string>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        return new TomlDocumentReader(text, source).Read();
    }
}
