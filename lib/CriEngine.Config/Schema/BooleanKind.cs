using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

internal sealed class BooleanKind : ValueKind<bool>
{
    public static BooleanKind Instance { get; } = new();

    protected override string Expected => "a boolean";

    protected override TomlKind TomlKind => TomlKind.Boolean;

    public override TomlValue ToToml(bool value) => new TomlScalar(value);

    public override void WriteJson(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);

    protected override bool TryConvert(TomlValue value, [MaybeNullWhen(false)] out bool result)
    {
        result = value is TomlScalar { Value: true };
        return value is TomlScalar { Value: bool };
    }
}
