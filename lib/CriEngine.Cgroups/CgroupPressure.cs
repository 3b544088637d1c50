using System.Globalization;

namespace CriEngine.Cgroups;

/// <summary>
/// Pressure stall information of one resource of a cgroup (v2 cpu.pressure, memory.pressure,
/// io.pressure): how long some, or all, of its tasks waited for it.
/// </summary>
/// <param name="Some">At least one task stalled.</param>
/// <param name="Full">All non-idle tasks stalled at once; null where the kernel has no such line (cpu before Linux 5.13).</param>
public sealed record CgroupPressure(CgroupPressureLine Some, CgroupPressureLine? Full)
{
    /// <summary>
    /// Parses a pressure file: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and the same for
    /// "full". Throws <see cref="FormatException"/> naming the line that does not read so.
    /// </summary>
    public static CgroupPressure Parse(string text)
    {
        CgroupPressureLine? some = null, full = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = fields.Skip(1).Select(f => f.Split('=', 2)).ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : "", StringComparer.Ordinal);
            if (fields.Length != 5 || !values.TryGetValue("total", out var total) || !ulong.TryParse(total, NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
                throw new FormatException($"unexpected pressure line \"{line}\"");
            double Average(string key) =>
                values.TryGetValue(key, out var value) && double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var average)
                    ? average
                    : throw new FormatException($"unexpected pressure line \"{line}\"");
            var parsed = new CgroupPressureLine(micros * 1000, Average("avg10"), Average("avg60"), Average("avg300"));
            switch (fields[0])
            {
                case "some": some = parsed; break;
                case "full": full = parsed; break;
                default: throw new FormatException($"unexpected pressure line \"{line}\"");
            }
        }
        return new CgroupPressure(some ?? throw new FormatException("no \"some\" line"), full);
    }
}
