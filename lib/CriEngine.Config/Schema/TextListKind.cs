using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

internal sealed class TextListKind : ValueKind<ValueList<string>>
{
    public static TextListKind Instance { get; } = new();

    public override string Expected => "an array of strings";

    protected override TomlKind TomlKind => TomlKind.Array;

    public override TomlValue ToToml(ValueList<string> value) => new TomlArray(value.Select(item => new TomlScalar(item)));

    public override void WriteJson(Utf8JsonWriter writer, ValueList<string> value)
    {
        writer.WriteStartArray();
        foreach (var item in value)
            writer.WriteStringValue(item);
        writer.WriteEndArray();
    }

    public override bool IsList => true;

    public override string FlagExpected => "a list of strings";

    /// <summary>
    /// As CRI-O's StringSliceTrySplit: a flag given once may list its values separated by
    /// commas; given several times, each occurrence is one value. Values are trimmed.
    /// </summary>
    public override TomlValue? FromFlag(IReadOnlyList<string> texts)
    {
        var values = texts.Count == 1 && texts[0].Contains(',') ? texts[0].Split(',') : [.. texts];
        return new TomlArray(values.Select(value => new TomlScalar(value.Trim())));
    }

    protected override bool TryConvert(TomlValue value, [MaybeNullWhen(false)] out ValueList<string> result)
    {
        result = value is TomlArray array && array.All(item => item is TomlScalar { Value: string })
            ? ValueList<string>.From(array.Select(item => (string)((TomlScalar)item).Value))
            : null;
        return result is not null;
    }
}
