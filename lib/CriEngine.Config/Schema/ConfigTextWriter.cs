using System.Text;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>Writes commented TOML line by line; values and keys are formatted by <see cref="TomlFormat"/>.</summary>
internal sealed class ConfigTextWriter
{
    private readonly StringBuilder _text = new();

    public void Comment(string line) => _text.Append("# ").Append(line).Append('\n');

    public void Header(KeyPath path) => _text.Append('[').Append(path.Text).Append("]\n");

    /// <summary>A key and its value; commented out, it documents the value without setting it, so a key appended later is no duplicate.</summary>
    public void KeyValue(string key, TomlValue value, bool commented = false) =>
        _text.Append(commented ? "# " : "").Append(TomlFormat.Key(key)).Append(" = ").Append(TomlFormat.Value(value)).Append('\n');

    public void BlankLine()
    {
        if (_text.Length > 0 && !EndsWithBlankLine())
            _text.Append('\n');
    }

    public override string ToString() => _text.ToString();

    private bool EndsWithBlankLine() => _text.Length >= 2 && _text[^1] == '\n' && _text[^2] == '\n';
}
