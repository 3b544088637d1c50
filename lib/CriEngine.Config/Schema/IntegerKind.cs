using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

internal sealed class IntegerKind : ValueKind<long>
{
    public static IntegerKind Instance { get; } = new();

    public override string Expected => "an integer";

    protected override TomlKind TomlKind => TomlKind.Integer;

    public override TomlValue ToToml(long value) => new TomlScalar(value);

    public override void WriteJson(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);

    public override TomlValue? FromFlag(IReadOnlyList<string> texts) =>
        long.TryParse(texts[^1], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? new TomlScalar(number)
            : null;

    protected override bool TryConvert(TomlValue value, [MaybeNullWhen(false)] out long result)
    {
        result = value is TomlScalar { Value: long integer } ? integer : 0;
        return value is TomlScalar { Value: long };
    }
}
