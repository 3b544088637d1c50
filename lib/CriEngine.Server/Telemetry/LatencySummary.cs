using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CriEngine.Server.Telemetry;

/// <summary>
/// A Prometheus summary by one label, made for the call path: an observation is two atomic
/// additions and a slot written in a ring, with no lock and no allocation (prometheus-net's
/// summary spends a microsecond or more per observation on its quantile streams). The quantiles
/// are computed when scraped, exactly, over the observations of the last ten minutes (client_golang's
/// default age) that the ring still holds: its last <see cref="WindowSize"/>.
/// </summary>
internal sealed class LatencySummary(string name, string help, string label, IReadOnlyList<double> quantiles)
{
    public const int WindowSize = 1024;

    private static readonly long MaxAgeMilliseconds = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;

    private readonly ConcurrentDictionary<string, Child> _children = new(StringComparer.Ordinal);

    /// <summary>The series of one label value; resolve it once and keep it.</summary>
    public Child WithLabel(string value) => _children.GetOrAdd(value, static _ => new Child());

    /// <summary>Appends the family in the text format; a series appears with its first observation.</summary>
    public void WriteTo(StringBuilder text)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" summary\n");
        var now = Environment.TickCount64;
        foreach (var (value, child) in _children.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var (count, sumTicks, window) = child.Snapshot(now - MaxAgeMilliseconds);
            if (count == 0)
                continue;
            var labels = $"{label}=\"{Escape(value)}\"";
            foreach (var quantile in quantiles)
            {
                var sample = window.Length == 0 ? double.NaN : Seconds(window[Math.Max(0, (int)Math.Ceiling(quantile * window.Length) - 1)]);
                text.Append(name).Append('{').Append(labels).Append(",quantile=\"").Append(Format(quantile)).Append("\"} ").Append(Format(sample)).Append('\n');
            }
            text.Append(name).Append("_sum{").Append(labels).Append("} ").Append(Format(Seconds(sumTicks))).Append('\n');
            text.Append(name).Append("_count{").Append(labels).Append("} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private static string Format(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public sealed class Child
    {
        private readonly long[] _ticks = new long[WindowSize];
        private readonly long[] _stamps = new long[WindowSize];
        private long _count;
        private long _sumTicks;

        /// <param name="ticks">The duration in <see cref="Stopwatch"/> ticks.</param>
        public void Observe(long ticks)
        {
            var slot = (int)((Interlocked.Increment(ref _count) - 1) & (WindowSize - 1));
            Interlocked.Add(ref _sumTicks, ticks);
            // A scrape racing a write may see a slot's old duration with its new time: one sample of many, off by one call.
            Volatile.Write(ref _ticks[slot], ticks);
            Volatile.Write(ref _stamps[slot], Environment.TickCount64);
        }

        /// <summary>The count, the sum, and the held durations observed since <paramref name="oldest"/>, sorted.</summary>
        public (long Count, long SumTicks, long[] Window) Snapshot(long oldest)
        {
            var count = Interlocked.Read(ref _count);
            var sum = Interlocked.Read(ref _sumTicks);
            var held = (int)Math.Min(count, WindowSize);
            var window = new List<long>(held);
            for (var i = 0; i < held; i++)
            {
                if (Volatile.Read(ref _stamps[i]) >= oldest)
                    window.Add(Volatile.Read(ref _ticks[i]));
            }
            var sorted = window.ToArray();
            Array.Sort(sorted);
            return (count, sum, sorted);
        }
    }
}
