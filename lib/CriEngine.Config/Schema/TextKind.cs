using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

internal sealed class TextKind : ValueKind<string>
{
    public static TextKind Instance { get; } = new();

    public override string Expected => "a string";

    protected override TomlKind TomlKind => TomlKind.String;

    public override TomlValue ToToml(string value) => new TomlScalar(value);

    public override void WriteJson(Utf8JsonWriter writer, string value) => writer.WriteStringValue(value);

    protected override bool TryConvert(TomlValue value, [MaybeNullWhen(false)] out string result)
    {
        result = (value as TomlScalar)?.Value as string;
        return result is not null;
    }
}
