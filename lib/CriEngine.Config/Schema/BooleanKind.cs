using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

internal sealed class BooleanKind : ValueKind<bool>
{
    public static BooleanKind Instance { get; } = new();

    public override string Expected => "a boolean";

    protected override TomlKind TomlKind => TomlKind.Boolean;

    public override TomlValue ToToml(bool value) => new TomlScalar(value);

    public override void WriteJson(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);

    public override bool IsSwitch => true;

    public override string FlagExpected => "true or false";

    public override TomlValue? FromFlag(IReadOnlyList<string> texts) => GoBool(texts[^1]) is { } on ? new TomlScalar(on) : null;

    /// <summary>The spellings Go's strconv.ParseBool takes, as CRI-O's boolean flags and variables do.</summary>
    public static bool? GoBool(string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    protected override bool TryConvert(TomlValue value, [MaybeNullWhen(false)] out bool result)
    {
        result = value is TomlScalar { Value: true };
        return value is TomlScalar { Value: bool };
    }
}
