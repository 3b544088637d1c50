using System.Diagnostics;
using System.Globalization;

namespace CriEngine.Server.Telemetry;

/// <summary>
/// The daemon's own process, as Prometheus' process collector reports it
/// (<c>process_resident_memory_bytes</c>, <c>process_open_fds</c>, ...), and the node's
/// defunct processes, as CRI-O's <c>processes_defunct</c> counts them. Read at scrape time.
/// </summary>
internal static class ProcessStats
{
    /// <summary>What an unlimited resource limit is reported as, as Go's collector does.</summary>
    private const double Unlimited = ulong.MaxValue;

    public static double OpenFileDescriptors() => Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();

    /// <summary>The soft limit named <paramref name="limit"/> in /proc/self/limits (e.g. "Max open files").</summary>
    public static double Limit(string limit)
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (!line.StartsWith(limit, StringComparison.Ordinal))
                continue;
            var soft = line[limit.Length..].TrimStart().Split(' ', 2)[0];
            return double.TryParse(soft, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : Unlimited;
        }
        return Unlimited;
    }

    public static (double CpuSeconds, double ResidentBytes, double VirtualBytes, double StartTimeSeconds) Self()
    {
        using var self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime.TotalSeconds, Environment.WorkingSet, self.VirtualMemorySize64,
            new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>Processes on the node that exited and were not reaped yet (state Z).</summary>
    public static int Defunct()
    {
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(directory)[0]))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The command name may hold spaces and parentheses: the state follows the last ')'.
                var end = stat.LastIndexOf(')');
                if (end > 0 && end + 2 < stat.Length && stat[end + 2] == 'Z')
                    count++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone since the listing.
            }
        }
        return count;
    }
}
