using Tomlyn;

namespace CriEngine.Config.Toml;

/// <summary>
/// A string, integer, float, boolean or date-time, held as Tomlyn's model holds it:
/// <see cref="Value"/> is a <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/> or <see cref="TomlDateTime"/>.
/// </summary>
public sealed class TomlScalar : TomlValue
{
    public TomlScalar(string value, TomlPosition position = default) : this(value, TomlKind.String, position)
    {
    }

    public TomlScalar(long value, TomlPosition position = default) : this(value, TomlKind.Integer, position)
    {
    }

    public TomlScalar(double value, TomlPosition position = default) : this(value, TomlKind.Float, position)
    {
    }

    public TomlScalar(bool value, TomlPosition position = default) : this(value, TomlKind.Boolean, position)
    {
    }

    public TomlScalar(TomlDateTime value, TomlPosition position = default) : this(value, KindOf(value), position)
    {
    }

    private TomlScalar(object value, TomlKind kind, TomlPosition position) : base(position)
    {
        Value = value;
        Kind = kind;
    }

    public object Value { get; }

    public override TomlKind Kind { get; }

    private static TomlKind KindOf(TomlDateTime value) => value.Kind switch
    {
        TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber => TomlKind.OffsetDateTime,
        TomlDateTimeKind.LocalDateTime => TomlKind.LocalDateTime,
        TomlDateTimeKind.LocalDate => TomlKind.LocalDate,
        _ => TomlKind.LocalTime,
    };
}
