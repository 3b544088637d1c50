using System.Globalization;

namespace CriEngine.Platform.Processes;

/// <summary>
/// When a process started, from <c>/proc/PID/stat</c> (clock ticks since boot) and the boot time
/// in <c>/proc/stat</c>: how a container found running after a crash gets its start time.
/// </summary>
public static class ProcessStartTime
{
    /// <summary>USER_HZ: 100 on every Linux architecture the engine runs on (the kernel exports it fixed to user space).</summary>
    private const int TicksPerSecond = 100;

    /// <summary>The start time of <paramref name="pid"/>, or null when it is gone or unreadable.</summary>
    public static DateTimeOffset? Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // starttime is field 22; fields[0] here is field 3.
            var ticks = long.Parse(fields[19], CultureInfo.InvariantCulture);
            return BootTime() + TimeSpan.FromSeconds((double)ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static DateTimeOffset BootTime()
    {
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal))
                return DateTimeOffset.FromUnixTimeSeconds(long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture));
        }
        throw new FormatException("/proc/stat has no btime line");
    }
}
