using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class DateTimeTests
{
    [TestCase("v = 1979-05-27T07:32:00Z", "odt(1979-05-27T07:32:00+00:00)")]
    [TestCase("v = 1979-05-27T00:32:00-07:00", "odt(1979-05-27T00:32:00-07:00)")]
    [TestCase("v = 1979-05-27T00:32:00.999999-07:00", "odt(1979-05-27T00:32:00.999999-07:00)")]
    [TestCase("v = 1979-05-27 07:32:00Z", "odt(1979-05-27T07:32:00+00:00)")]
    [TestCase("v = 1979-05-27t07:32:00z", "odt(1979-05-27T07:32:00+00:00)")]
    [TestCase("v = 1979-05-27T07:32:00+05:30", "odt(1979-05-27T07:32:00+05:30)")]
    [TestCase("v = 1979-05-27T07:32:00-00:00", "odt(1979-05-27T07:32:00+00:00)")]
    [TestCase("v = 1979-05-27T07:32:00+23:59", "odt(1979-05-27T07:32:00+23:59)")]
    [TestCase("v = 1979-05-27T07:32:00.5Z", "odt(1979-05-27T07:32:00.5+00:00)")]
    [TestCase("v = 1979-05-27T07:32:00", "ldt(1979-05-27T07:32:00)")]
    [TestCase("v = 1979-05-27T00:32:00.999999", "ldt(1979-05-27T00:32:00.999999)")]
    [TestCase("v = 1979-05-27 07:32:00", "ldt(1979-05-27T07:32:00)")]
    [TestCase("v = 1979-05-27t07:32:00", "ldt(1979-05-27T07:32:00)")]
    [TestCase("v = 1979-05-27", "ld(1979-05-27)")]
    [TestCase("v = 07:32:00", "lt(07:32:00)")]
    [TestCase("v = 00:32:00.999999", "lt(00:32:00.999999)")]
    [TestCase("v = 00:00:00", "lt(00:00:00)")]
    [TestCase("v = 23:59:59.9999999", "lt(23:59:59.9999999)")]
    [TestCase("v = 0001-01-01", "ld(0001-01-01)")]
    [TestCase("v = 9999-12-31T23:59:59", "ldt(9999-12-31T23:59:59)")]
    [TestCase("v = 2000-02-29", "ld(2000-02-29)")]
    [TestCase("v = 2024-02-29", "ld(2024-02-29)")]
    [TestCase("v = 2023-04-30", "ld(2023-04-30)")]
    [TestCase("v = 2023-12-31", "ld(2023-12-31)")]
    public void Date_time_reads_as_its_kind_and_parts(string document, string expected)
    {
        Assert.That(TomlDump.Of(TomlAssert.ValueOf(document)), Is.EqualTo(expected));
    }

    [TestCase("v = 1979-05-27T07:32:00Z", TomlKind.OffsetDateTime)]
    [TestCase("v = 1979-05-27T07:32:00", TomlKind.LocalDateTime)]
    [TestCase("v = 1979-05-27", TomlKind.LocalDate)]
    [TestCase("v = 07:32:00", TomlKind.LocalTime)]
    public void Date_time_kind_follows_the_parts_written(string document, TomlKind kind)
    {
        Assert.That(TomlAssert.ValueOf(document).Kind, Is.EqualTo(kind));
    }

    [Test]
    public void Date_time_parts_are_exposed()
    {
        var value = (TomlDateTime)TomlAssert.ValueOf("v = 1979-05-27T00:32:00.999999-07:00");

        Assert.Multiple(() =>
        {
            Assert.That(value.Date, Is.EqualTo(new DateOnly(1979, 5, 27)));
            Assert.That(value.Time, Is.EqualTo(new TimeOnly(0, 32, 0).Add(TimeSpan.FromTicks(9_999_990))));
            Assert.That(value.Offset, Is.EqualTo(TimeSpan.FromHours(-7)));
        });
    }

    [TestCase("v = 00:00:00.1", 1_000_000L)]
    [TestCase("v = 00:00:00.001", 10_000L)]
    [TestCase("v = 00:00:00.1234567", 1_234_567L)]
    [TestCase("v = 00:00:00.12345678", 1_234_567L)]
    [TestCase("v = 00:00:00.99999999999", 9_999_999L)]
    [TestCase("v = 00:00:00.000000001", 0L)]
    [TestCase("v = 00:00:00.00000019", 1L)]
    public void Fraction_beyond_100_nanoseconds_is_truncated_not_rounded(string document, long ticks)
    {
        var time = ((TomlDateTime)TomlAssert.ValueOf(document)).Time!.Value;

        Assert.That(time.Ticks, Is.EqualTo(ticks));
    }

    [Test]
    public void Date_followed_by_a_comment_is_a_local_date()
    {
        Assert.That(TomlDump.Parse("v = 1979-05-27 # comment"), Is.EqualTo("{v: ld(1979-05-27)}"));
    }

    [Test]
    public void Dates_in_an_array_are_separated_by_commas()
    {
        Assert.That(TomlDump.Parse("v = [1979-05-27 , 1979-05-27 07:32:00,07:32:00]"),
            Is.EqualTo("{v: [ld(1979-05-27), ldt(1979-05-27T07:32:00), lt(07:32:00)]}"));
    }

    [TestCase("v = 2023-02-29", 1, 13, "day must be between 01 and 28 in 2023-02")]
    [TestCase("v = 1900-02-29", 1, 13, "day must be between 01 and 28 in 1900-02")]
    [TestCase("v = 2000-02-30", 1, 13, "day must be between 01 and 29 in 2000-02")]
    [TestCase("v = 2023-04-31", 1, 13, "day must be between 01 and 30 in 2023-04")]
    [TestCase("v = 2023-01-32", 1, 13, "day must be between 01 and 31 in 2023-01")]
    [TestCase("v = 2023-01-00", 1, 13, "day must be between 01 and 31 in 2023-01")]
    [TestCase("v = 2023-13-01", 1, 10, "month must be between 01 and 12")]
    [TestCase("v = 2023-00-01", 1, 10, "month must be between 01 and 12")]
    [TestCase("v = 0000-01-01", 1, 5, "year 0000 is not supported")]
    [TestCase("v = 2023-02-29T00:00:00Z", 1, 13, "day must be between 01 and 28 in 2023-02")]
    [TestCase("v = 1979-05-27T24:00:00", 1, 16, "hour must be between 00 and 23")]
    [TestCase("v = 1979-05-27T23:60:00", 1, 19, "minute must be between 00 and 59")]
    [TestCase("v = 1979-05-27T23:59:61", 1, 22, "second must be between 00 and 59")]
    [TestCase("v = 1979-05-27T23:59:60Z", 1, 22, "leap seconds (second 60) are not supported")]
    [TestCase("v = 23:59:60", 1, 11, "leap seconds (second 60) are not supported")]
    [TestCase("v = 24:00:00", 1, 5, "hour must be between 00 and 23")]
    [TestCase("v = 00:60:00", 1, 8, "minute must be between 00 and 59")]
    [TestCase("v = 00:00:99", 1, 11, "second must be between 00 and 59")]
    [TestCase("v = 1979-05-27T07:32:00+24:00", 1, 25, "offset hour must be between 00 and 23")]
    [TestCase("v = 1979-05-27T07:32:00+01:60", 1, 28, "offset minute must be between 00 and 59")]
    public void Impossible_date_or_time_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }

    [TestCase("v = 1979-05-27T07:32Z", 1, 21, "expected ':', found 'Z'")]
    [TestCase("v = 1979-05-27 07:32", 1, 21, "expected ':', found end of input")]
    [TestCase("v = 07:32", 1, 10, "expected ':', found end of input")]
    [TestCase("v = 1979-5-27", 1, 11, "expected a 2-digit month, found '-'")]
    [TestCase("v = 1979-05-7", 1, 14, "expected a 2-digit day, found end of input")]
    [TestCase("v = 79-05-27", 1, 7, "expected a 4-digit year, found '-'")]
    [TestCase("v = 19790-05-27", 1, 9, "expected '-', found '0'")]
    [TestCase("v = 1979-05-27T7:32:00", 1, 17, "expected a 2-digit hour, found ':'")]
    [TestCase("v = 7:32:00", 1, 6, "expected a 2-digit hour, found ':'")]
    [TestCase("v = 07:3:00", 1, 9, "expected a 2-digit minute, found ':'")]
    [TestCase("v = 07:32:0", 1, 12, "expected a 2-digit second, found end of input")]
    [TestCase("v = 1979-05-27T", 1, 16, "expected a 2-digit hour, found end of input")]
    [TestCase("v = 1979-05-27X07:32:00", 1, 15, "expected 'T' or a space between date and time, found 'X'")]
    [TestCase("v = 1979-05-27T07:32:00.", 1, 24, "expected a digit after the decimal point")]
    [TestCase("v = 1979-05-27T07:32:00.Z", 1, 24, "expected a digit after the decimal point")]
    [TestCase("v = 07:32:00.", 1, 13, "expected a digit after the decimal point")]
    [TestCase("v = 1979-05-27T07:32:00X", 1, 24, "expected 'Z' or an offset like +01:00, found 'X'")]
    [TestCase("v = 1979-05-27T07:32:00+7:00", 1, 26, "expected a 2-digit offset hour, found ':'")]
    [TestCase("v = 1979-05-27T07:32:00+0700", 1, 27, "expected ':', found '0'")]
    [TestCase("v = 1979-05-27T07:32:00+07", 1, 27, "expected ':', found end of input")]
    [TestCase("v = 1979-05-27T07:32:00ZZ", 1, 25, "invalid character 'Z' in date-time")]
    [TestCase("v = 1979-05-27T07:32:00Z+01:00", 1, 25, "invalid character '+' in date-time")]
    [TestCase("v = 07:32:00Z", 1, 13, "a local time cannot have an offset")]
    [TestCase("v = 07:32:00-07:00", 1, 13, "a local time cannot have an offset")]
    [TestCase("v = 07:32:00.5.5", 1, 15, "invalid character '.' in date-time")]
    [TestCase("v = 1979-05-27_07:32:00", 1, 15, "expected 'T' or a space between date and time, found '_'")]
    [TestCase("v = 1979-05-27  07:32:00", 1, 17, "expected a newline after the value, found '0'")]
    [TestCase("v = 1979-05-27 x", 1, 16, "expected a newline after the value, found 'x'")]
    [TestCase("v = 1979-05-27T07:32:00 Z", 1, 25, "expected a newline after the value, found 'Z'")]
    public void Malformed_date_time_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
