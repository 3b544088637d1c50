using System.Globalization;

namespace CriEngine.Grpc;

/// <summary>The <c>grpc-timeout</c> header: at most 8 digits and a unit (H, M, S, m, u, n).</summary>
public static class GrpcTimeout
{
    public static bool TryParse(string value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length is < 2 or > 9 || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            return false;
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null)
            return false;
        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>Formats a timeout in the finest unit that keeps it within 8 digits.</summary>
    public static string Format(TimeSpan timeout)
    {
        var micros = Math.Max(0, timeout.Ticks / TimeSpan.TicksPerMicrosecond);
        if (micros < 100_000_000)
            return micros.ToString(CultureInfo.InvariantCulture) + "u";
        var millis = micros / 1000;
        if (millis < 100_000_000)
            return millis.ToString(CultureInfo.InvariantCulture) + "m";
        return Math.Min(micros / 1_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture) + "S";
    }
}
