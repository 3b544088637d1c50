using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Logging;

/// <summary>
/// The time stamp that starts each CRI log line, as conmon writes it: local time (the monitor's
/// TZ) with nanoseconds and the UTC offset, <c>2026-11-22T03:50:24.123456789+00:00</c>.
/// </summary>
internal static class CriTimestamp
{
    public static string Now()
    {
        TimeSpec now;
        unsafe
        {
            if (Libc.ClockGetTime(Constants.ClockRealtime, &now) != 0)
                now = new TimeSpec { Seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() };
        }
        var utc = DateTime.UnixEpoch.AddSeconds(now.Seconds);
        return Format(utc, now.Nanoseconds, TimeZoneInfo.Local.GetUtcOffset(utc));
    }

    /// <summary>The stamp of <paramref name="utc"/> (whole seconds) plus <paramref name="nanoseconds"/>, shown at <paramref name="offset"/>.</summary>
    public static string Format(DateTime utc, long nanoseconds, TimeSpan offset)
    {
        var local = utc + offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var magnitude = offset.Duration();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{local.Year}-{local.Month:00}-{local.Day:00}T{local.Hour:00}:{local.Minute:00}:{local.Second:00}.{nanoseconds:000000000}{sign}{(int)magnitude.TotalHours:00}:{magnitude.Minutes:00}");
    }
}
