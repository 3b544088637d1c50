using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>A table of strings, written inline (<c>{ "linux/amd64" = "/usr/bin/crun" }</c>).</summary>
internal sealed class TextMapKind : ValueKind<ValueMap<string>>
{
    public static TextMapKind Instance { get; } = new();

    public override string Expected => "a table of strings";

    protected override TomlKind TomlKind => TomlKind.Table;

    public override TomlValue ToToml(ValueMap<string> value)
    {
        var table = new TomlTable();
        foreach (var (key, item) in value)
            table.Add(key, new TomlScalar(item));
        return table;
    }

    public override void WriteJson(Utf8JsonWriter writer, ValueMap<string> value)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value)
            writer.WriteString(key, item);
        writer.WriteEndObject();
    }

    protected override bool TryConvert(TomlValue value, [MaybeNullWhen(false)] out ValueMap<string> result)
    {
        result = value is TomlTable table && table.All(entry => entry.Value is TomlScalar { Value: string })
            ? ValueMap<string>.From(table.Select(entry => KeyValuePair.Create(entry.Key, (string)((TomlScalar)entry.Value).Value)))
            : null;
        return result is not null;
    }
}
