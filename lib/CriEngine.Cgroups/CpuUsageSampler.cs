namespace CriEngine.Cgroups;

/// <summary>
/// Turns cumulative CPU readings into the CRI's usage_nano_cores: the CPU time used between a
/// cgroup's previous reading and this one, per second of wall time, in billionths of a core.
/// Keeps the last reading per key (a container or pod id); safe to use from several calls at once.
/// </summary>
public sealed class CpuUsageSampler
{
    private readonly Dictionary<string, (ulong Usage, long Timestamp)> _previous = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// Records <paramref name="stats"/> for <paramref name="key"/> and returns the rate since the
    /// previous reading, or null for a first reading or a reading without CPU usage.
    /// </summary>
    public ulong? Sample(string key, CgroupStats stats)
    {
        if (stats.CpuUsageCoreNanoSeconds is not { } usage)
            return null;
        lock (_lock)
        {
            var rate = _previous.TryGetValue(key, out var earlier)
                ? NanoCores(earlier.Usage, earlier.Timestamp, usage, stats.TimestampNanos)
                : null;
            // An older reading that arrives late must not replace a newer one.
            if (!_previous.ContainsKey(key) || stats.TimestampNanos > earlier.Timestamp)
                _previous[key] = (usage, stats.TimestampNanos);
            return rate;
        }
    }

    /// <summary>Drops the last reading of a removed container or pod.</summary>
    public void Forget(string key)
    {
        lock (_lock)
            _previous.Remove(key);
    }

    /// <summary>
    /// The rate between two readings: null when no time passed or the usage went down (the
    /// cgroup was made anew), as containerd reports no rate then.
    /// </summary>
    public static ulong? NanoCores(ulong earlierUsage, long earlierTimestampNanos, ulong laterUsage, long laterTimestampNanos)
    {
        var elapsed = laterTimestampNanos - earlierTimestampNanos;
        if (elapsed <= 0 || laterUsage < earlierUsage)
            return null;
        return (ulong)((double)(laterUsage - earlierUsage) / elapsed * 1_000_000_000);
    }
}
