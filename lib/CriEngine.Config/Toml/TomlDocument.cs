using System.Buffers;
using System.Text.Unicode;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace CriEngine.Config.Toml;

/// <summary>
/// Reads a config file as CRI-O 1.36 reads it (BurntSushi/toml 1.6): strict UTF-8, TOML 1.1,
/// parsed and checked by Tomlyn, then gathered into tables by <see cref="TomlSyntaxReader"/>.
/// </summary>
public static class TomlDocument
{
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf16LittleEndianByteOrderMark => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16BigEndianByteOrderMark => [0xFE, 0xFF];

    /// <param name="utf8">The file's bytes; one UTF-8 byte order mark at the start is skipped.</param>
    /// <param name="source">Names the document in error messages, usually its file path.</param>
    /// <exception cref="TomlParseException">The bytes are not UTF-8, or the text is not TOML.</exception>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = Decode(utf8, source);
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, source, validate: true);
        }
        catch (TomlException e)
        {
            // Tomlyn throws rather than reports only when values nest too deep for its stack guard.
            throw new TomlParseException(source, e.Line ?? 0, e.Column ?? 0, e.Message);
        }
        // Tomlyn reports lexer errors before parser errors; the first in the text is the one to fix first.
        var error = document.Diagnostics
            .Where(diagnostic => diagnostic.Kind == DiagnosticMessageKind.Error)
            .MinBy(diagnostic => diagnostic.Span.Start.Offset);
        if (error is not null)
            throw new TomlParseException(source, error.Span.Start.Line + 1, error.Span.Start.Column + 1, error.Message);
        return new TomlSyntaxReader(source).Read(document);
    }

    /// <summary>
    /// Refuses what a lenient decoder would turn into U+FFFD or pass on as text: invalid bytes,
    /// a UTF-16 file, a byte order mark written twice.
    /// </summary>
    private static string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.StartsWith(Utf16LittleEndianByteOrderMark) || bytes.StartsWith(Utf16BigEndianByteOrderMark))
            throw EncodingError(source, "a UTF-16 byte order mark at byte offset 0: the file must be UTF-8");
        var start = bytes.StartsWith(Utf8ByteOrderMark) ? Utf8ByteOrderMark.Length : 0;
        if (bytes[start..].StartsWith(Utf8ByteOrderMark))
            throw EncodingError(source, $"a second byte order mark at byte offset {start}");
        var chars = new char[bytes.Length - start];
        var status = Utf8.ToUtf16(bytes[start..], chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
            throw EncodingError(source, $"invalid UTF-8 at byte offset {start + read}");
        return new string(chars, 0, written);
    }

    private static TomlParseException EncodingError(string source, string reason) => new(source, 0, 0, reason);
}
