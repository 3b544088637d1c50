using System.Globalization;

namespace CriEngine.Config.Schema;

/// <summary>
/// Go's duration text ("300ms", "1m30s", "2h45m"), the form CRI-O's durations take in
/// crio.conf, so that a file written for CRI-O reads the same here and output looks like CRI-O's.
/// Precision is .NET's tick (100 ns).
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, decimal Nanoseconds)[] Units =
    [
        ("ns", 1m), ("us", 1_000m), ("\u00b5s", 1_000m), ("\u03bcs", 1_000m), ("ms", 1_000_000m),
        ("s", 1_000_000_000m), ("m", 60_000_000_000m), ("h", 3_600_000_000_000m),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var rest = text.AsSpan();
        var negative = rest.StartsWith("-");
        if (negative || rest.StartsWith("+"))
            rest = rest[1..];
        if (rest is "0")
            return true;
        if (rest.IsEmpty)
            return false;

        var total = 0m;
        while (!rest.IsEmpty)
        {
            var numberLength = rest.IndexOfAnyExcept("0123456789.");
            if (numberLength <= 0)
                return false;
            var unitLength = rest[numberLength..].IndexOfAny("0123456789.");
            var unitText = unitLength < 0 ? rest[numberLength..] : rest.Slice(numberLength, unitLength);
            if (!decimal.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || !TryUnit(unitText, out var unit))
                return false;
            total += number * unit;
            if (total > long.MaxValue)
                return false;
            rest = rest[(numberLength + unitText.Length)..];
        }
        var ticks = (long)(total / TimeSpan.NanosecondsPerTick);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
            return "0s";
        var sign = duration < TimeSpan.Zero ? "-" : "";
        var nanoseconds = Math.Abs((decimal)duration.Ticks) * TimeSpan.NanosecondsPerTick;
        if (nanoseconds < 1_000m)
            return $"{sign}{Number(nanoseconds)}ns";
        if (nanoseconds < 1_000_000m)
            return $"{sign}{Number(nanoseconds / 1_000m)}\u00b5s";
        if (nanoseconds < 1_000_000_000m)
            return $"{sign}{Number(nanoseconds / 1_000_000m)}ms";

        var hours = decimal.Truncate(nanoseconds / 3_600_000_000_000m);
        var minutes = decimal.Truncate(nanoseconds / 60_000_000_000m) % 60;
        var seconds = nanoseconds % 60_000_000_000m / 1_000_000_000m;
        return hours > 0 ? $"{sign}{Number(hours)}h{Number(minutes)}m{Number(seconds)}s"
            : minutes > 0 ? $"{sign}{Number(minutes)}m{Number(seconds)}s"
            : $"{sign}{Number(seconds)}s";
    }

    private static bool TryUnit(ReadOnlySpan<char> text, out decimal nanoseconds)
    {
        foreach (var (unit, value) in Units)
        {
            if (text.SequenceEqual(unit))
            {
                nanoseconds = value;
                return true;
            }
        }
        nanoseconds = 0;
        return false;
    }

    private static string Number(decimal value) => value.ToString("0.#########", CultureInfo.InvariantCulture);
}
