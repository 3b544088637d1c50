using System.Text;

namespace CriEngine.Config.Toml;

/// <summary>
/// Writes a document in the conventional layout: each table's plain keys first, then its sub-tables
/// under <c>[a.b]</c> headers and its arrays of tables under <c>[[a.b]]</c> headers. Plain keys must
/// come first because everything after a header belongs to that header.
/// </summary>
internal sealed class TomlDocumentWriter
{
    private readonly StringBuilder _output = new();
    private readonly List<string> _path = [];

    public static string Write(TomlTable document)
    {
        var writer = new TomlDocumentWriter();
        writer.WriteBody(document);
        return writer._output.ToString();
    }

    private void WriteBody(TomlTable table)
    {
        foreach (var (key, value) in table)
        {
            if (!IsSection(value))
                _output.Append(TomlValueFormatter.FormatKey(key)).Append(" = ").Append(TomlValueFormatter.FormatValue(value)).Append('\n');
        }
        foreach (var (key, value) in table)
        {
            if (!IsSection(value))
                continue;
            _path.Add(TomlValueFormatter.FormatKey(key));
            if (value is TomlTable child)
                WriteTable(child);
            else
                WriteArrayOfTables((TomlArray)value);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    /// <summary>A table with only sub-tables needs no header of its own: theirs create it.</summary>
    private void WriteTable(TomlTable table)
    {
        if (table.Count == 0 || table.Any(entry => !IsSection(entry.Value)))
            WriteHeader("[", "]");
        WriteBody(table);
    }

    private void WriteArrayOfTables(TomlArray array)
    {
        foreach (var element in array)
        {
            WriteHeader("[[", "]]");
            WriteBody((TomlTable)element);
        }
    }

    private void WriteHeader(string open, string close)
    {
        if (_output.Length > 0)
            _output.Append('\n');
        _output.Append(open).AppendJoin('.', _path).Append(close).Append('\n');
    }

    /// <summary>Tables, and non-empty arrays holding only tables, are written as sections rather than inline.</summary>
    private static bool IsSection(TomlValue value) =>
        value is TomlTable || (value is TomlArray { Count: > 0 } array && array.All(item => item is TomlTable));
}
