namespace CriEngine.Config.Toml;

/// <summary>
/// One of TOML's four date-time kinds: which parts are present decides the kind
/// (date and time and offset: offset date-time; date and time: local date-time; date only:
/// local date; time only: local time). Fractions of a second finer than 100 ns are truncated.
/// </summary>
public sealed class TomlDateTime : TomlValue
{
    public TomlDateTime(DateOnly? date, TimeOnly? time, TimeSpan? offset, TomlPosition position = default)
        : base(position)
    {
        if (date is null && time is null)
            throw new ArgumentException("a TOML date-time needs a date or a time");
        if (offset is not null && (date is null || time is null))
            throw new ArgumentException("an offset needs both a date and a time");
        Date = date;
        Time = time;
        Offset = offset;
    }

    public DateOnly? Date { get; }

    public TimeOnly? Time { get; }

    public TimeSpan? Offset { get; }

    public override TomlKind Kind => (Date, Time, Offset) switch
    {
        (not null, not null, not null) => TomlKind.OffsetDateTime,
        (not null, not null, null) => TomlKind.LocalDateTime,
        (not null, null, _) => TomlKind.LocalDate,
        _ => TomlKind.LocalTime,
    };
}
