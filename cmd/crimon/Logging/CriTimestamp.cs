using System.Globalization;
using System.Text.Unicode;
using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Logging;

/// <summary>
/// The time stamp that starts each CRI log line, as conmon writes it: local time (the monitor's
/// TZ, through localtime_r as conmon) with nanoseconds and the UTC offset,
/// <c>2026-11-22T03:50:24.123456789+00:00</c>. Written into the caller's bytes: a monitor stamps
/// every read of output, and allocates nothing for it.
/// </summary>
internal static class CriTimestamp
{
    /// <summary>The stamp's length in bytes (every field has a fixed width).</summary>
    public const int Length = 35;

    /// <summary>Writes the stamp of now into <paramref name="destination"/> (at least <see cref="Length"/> bytes); returns its length.</summary>
    public static unsafe int Now(Span<byte> destination)
    {
        TimeSpec now;
        if (Libc.ClockGetTime(Constants.ClockRealtime, &now) != 0)
            now = new TimeSpec { Seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() };
        CalendarTime local;
        var offset = Libc.LocalTime(&now.Seconds, &local) is null ? TimeSpan.Zero : TimeSpan.FromSeconds(local.UtcOffsetSeconds);
        return Format(destination, DateTime.UnixEpoch.AddSeconds(now.Seconds), now.Nanoseconds, offset);
    }

    /// <summary>Writes the stamp of <paramref name="utc"/> (whole seconds) plus <paramref name="nanoseconds"/>, shown at <paramref name="offset"/>; returns its length.</summary>
    public static int Format(Span<byte> destination, DateTime utc, long nanoseconds, TimeSpan offset)
    {
        var local = utc + offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var magnitude = offset.Duration();
        if (!Utf8.TryWrite(destination, CultureInfo.InvariantCulture,
                $"{local.Year}-{local.Month:00}-{local.Day:00}T{local.Hour:00}:{local.Minute:00}:{local.Second:00}.{nanoseconds:000000000}{sign}{(int)magnitude.TotalHours:00}:{magnitude.Minutes:00}",
                out var written))
            throw new ArgumentException($"room for {Length} bytes needed", nameof(destination));
        return written;
    }
}
