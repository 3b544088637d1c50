using System.Text;
using CriEngine.Crimon.Logging;

namespace CriEngine.Crimon.Tests.Unit;

public sealed class CriTimestampTests
{
    [Test]
    public void Stamp_has_nanoseconds_and_the_utc_offset()
    {
        var utc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        Assert.That(Format(utc, 123, TimeSpan.Zero), Is.EqualTo("2026-01-02T03:04:05.000000123+00:00"));
        Assert.That(Format(utc, 999_999_999, TimeSpan.FromHours(1)), Is.EqualTo("2026-01-02T04:04:05.999999999+01:00"));
        Assert.That(Format(utc, 0, -TimeSpan.FromMinutes(330)), Is.EqualTo("2026-01-01T21:34:05.000000000-05:30"));
    }

    [Test]
    public void Now_is_in_rfc3339_with_nanoseconds_and_close_to_the_clock()
    {
        var buffer = new byte[CriTimestamp.Length];
        var stamp = Encoding.ASCII.GetString(buffer, 0, CriTimestamp.Now(buffer));

        Assert.That(stamp, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}[+-]\d\d:\d\d$"));
        Assert.That(DateTimeOffset.Parse(stamp[..26] + stamp[29..], System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(DateTimeOffset.Now).Within(TimeSpan.FromSeconds(5)));
    }

    private static string Format(DateTime utc, long nanoseconds, TimeSpan offset)
    {
        var buffer = new byte[CriTimestamp.Length];
        return Encoding.ASCII.GetString(buffer, 0, CriTimestamp.Format(buffer, utc, nanoseconds, offset));
    }
}
