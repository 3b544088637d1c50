using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// A Go <c>time.Duration</c> as CRI-O's TOML decoder takes it: a string such as "1m30s", or an
/// integer count of nanoseconds. Written back as a string.
/// </summary>
internal sealed class DurationKind : ValueKind<TimeSpan>
{
    public static DurationKind Instance { get; } = new();

    public override string Expected => "a duration such as \"1m30s\"";

    protected override TomlKind TomlKind => TomlKind.String;

    public override TomlValue ToToml(TimeSpan value) => new TomlScalar(GoDuration.Format(value));

    public override void WriteJson(Utf8JsonWriter writer, TimeSpan value) => writer.WriteStringValue(GoDuration.Format(value));

    protected override bool TryConvert(TomlValue value, [MaybeNullWhen(false)] out TimeSpan result)
    {
        switch (value)
        {
            case TomlScalar { Value: string text }:
                return GoDuration.TryParse(text, out result);
            case TomlScalar { Value: long nanoseconds }:
                result = TimeSpan.FromTicks(nanoseconds / TimeSpan.NanosecondsPerTick);
                return true;
            default:
                result = default;
                return false;
        }
    }
}
