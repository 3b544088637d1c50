using System.Globalization;
using CriEngine.Grpc;

namespace CriEngine.Cgroups;

/// <summary>
/// Reads a cgroup's usage from its control files: v1 from the cpuacct, cpu, memory and pids
/// hierarchies (cpuacct may be a hierarchy of its own, apart from cpu), v2 from cpu.stat,
/// memory.current, memory.max, memory.stat, memory.swap.current, memory.swap.max, memory.events,
/// pids.current and the cpu, memory and io pressure files. Each file is read once per reading.
/// </summary>
public sealed class CgroupStatsReader(CgroupLayout layout)
{
    /// <summary>Above this a limit is "none": the kernel shows no limit as a page-rounded maximum, not as -1 (kubelet's rule).</summary>
    private const ulong Unlimited = 1UL << 62;

    /// <summary>cpuacct.stat counts in USER_HZ clock ticks, 100 a second on every Linux architecture.</summary>
    private const ulong NanoSecondsPerTick = 10_000_000;

    /// <summary>
    /// Usage of the cgroup at <paramref name="cgroupPath"/> (e.g. "/crio/crio-3f2a…"); NotFound if no hierarchy has it.
    /// Synchronous: control files are kernel memory and never block, and a stats call reads some twenty
    /// of them per cgroup, each of which would otherwise cost a trip through the thread pool.
    /// </summary>
    public CgroupStats Read(string cgroupPath)
    {
        var timestamp = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        return layout.Mode == CgroupMode.Unified
            ? ReadV2(cgroupPath, timestamp)
            : ReadV1(cgroupPath, timestamp);
    }

    private CgroupStats ReadV1(string cgroupPath, long timestamp)
    {
        string? In(string controller) => layout.V1MountOf(controller) is { } mount ? CgroupPath.OnDisk(mount, cgroupPath) : null;
        var cpuacct = In("cpuacct");
        var cfs = In("cpu");
        var memory = In("memory");
        var pids = In("pids");
        if (!new[] { cpuacct, memory, pids }.Any(d => d is not null && Directory.Exists(d)))
            throw NotFound(cgroupPath);

        var cpu = Number(cpuacct, "cpuacct.usage", Read(cpuacct, "cpuacct.usage"));
        var modes = KeyValues(cpuacct!, "cpuacct.stat", Read(cpuacct, "cpuacct.stat"));
        var throttling = KeyValues(cfs!, "cpu.stat", Read(cfs, "cpu.stat"));
        var cpuDetail = new CgroupCpuDetail(
            Value(modes, "user") * NanoSecondsPerTick,
            Value(modes, "system") * NanoSecondsPerTick,
            Value(throttling, "nr_periods"),
            Value(throttling, "nr_throttled"),
            Value(throttling, "throttled_time"));
        ulong? oomKills = null;
        CgroupMemoryStats? memoryStats = null;
        if (Read(memory, "memory.usage_in_bytes") is { } usage)
        {
            var limit = Number(memory, "memory.limit_in_bytes", Read(memory, "memory.limit_in_bytes"));
            var stat = KeyValues(memory!, "memory.stat", Read(memory, "memory.stat"));
            memoryStats = Memory(
                Number(memory, "memory.usage_in_bytes", usage)!.Value,
                stat.GetValueOrDefault("total_inactive_file"),
                stat.GetValueOrDefault("total_rss"),
                stat.GetValueOrDefault("total_pgfault"),
                stat.GetValueOrDefault("total_pgmajfault"),
                limit is <= Unlimited ? limit : null) with
            {
                CacheBytes = stat.GetValueOrDefault("total_cache"),
                MappedFileBytes = stat.GetValueOrDefault("total_mapped_file"),
                SwapBytes = Value(stat, "total_swap"),
                SwapAvailableBytes = Remaining(
                    Number(memory, "memory.memsw.limit_in_bytes", Read(memory, "memory.memsw.limit_in_bytes")),
                    Number(memory, "memory.memsw.usage_in_bytes", Read(memory, "memory.memsw.usage_in_bytes"))),
                KernelBytes = Number(memory, "memory.kmem.usage_in_bytes", Read(memory, "memory.kmem.usage_in_bytes")),
                MaxUsageBytes = Number(memory, "memory.max_usage_in_bytes", Read(memory, "memory.max_usage_in_bytes")),
                LimitHits = Number(memory, "memory.failcnt", Read(memory, "memory.failcnt")),
            };
            oomKills = Value(KeyValues(memory!, "memory.oom_control", Read(memory, "memory.oom_control")), "oom_kill");
        }
        var processes = Number(pids, "pids.current", Read(pids, "pids.current"));
        return WithTasks(new CgroupStats(timestamp, cpu, memoryStats, processes) { Cpu = cpuDetail, OomKills = oomKills }, pids, "tasks");
    }

    private CgroupStats ReadV2(string cgroupPath, long timestamp)
    {
        var directory = CgroupPath.OnDisk(layout.UnifiedMountPoint!, cgroupPath);
        if (!Directory.Exists(directory))
            throw NotFound(cgroupPath);

        var cpuStat = KeyValues(directory, "cpu.stat", Read(directory, "cpu.stat"));
        var cpu = Value(cpuStat, "usage_usec") * 1000;
        var cpuDetail = new CgroupCpuDetail(
            Value(cpuStat, "user_usec") * 1000,
            Value(cpuStat, "system_usec") * 1000,
            Value(cpuStat, "nr_periods"),
            Value(cpuStat, "nr_throttled"),
            Value(cpuStat, "throttled_usec") * 1000);
        ulong? oomKills = null;

        CgroupMemoryStats? memoryStats = null;
        if (Read(directory, "memory.current") is { } current)
        {
            var max = Read(directory, "memory.max");
            var stat = KeyValues(directory, "memory.stat", Read(directory, "memory.stat"));
            var limit = max is null || max.Trim() == "max" ? null : Number(directory, "memory.max", max);
            var events = KeyValues(directory, "memory.events", Read(directory, "memory.events"));
            var swap = Number(directory, "memory.swap.current", Read(directory, "memory.swap.current"));
            var swapMax = Read(directory, "memory.swap.max");
            memoryStats = Memory(
                Number(directory, "memory.current", current)!.Value,
                stat.GetValueOrDefault("inactive_file"),
                stat.GetValueOrDefault("anon"),
                stat.GetValueOrDefault("pgfault"),
                stat.GetValueOrDefault("pgmajfault"),
                limit is <= Unlimited ? limit : null) with
            {
                CacheBytes = stat.GetValueOrDefault("file"),
                MappedFileBytes = stat.GetValueOrDefault("file_mapped"),
                SwapBytes = swap,
                SwapAvailableBytes = Remaining(swapMax is null || swapMax.Trim() == "max" ? null : Number(directory, "memory.swap.max", swapMax), swap),
                KernelBytes = Value(stat, "kernel"),
                MaxUsageBytes = Number(directory, "memory.peak", Read(directory, "memory.peak")),
                LimitHits = Value(events, "max"),
            };
            oomKills = Value(events, "oom_kill");
        }
        var processes = Number(directory, "pids.current", Read(directory, "pids.current"));
        var stats = new CgroupStats(timestamp, cpu, memoryStats, processes)
        {
            Cpu = cpuDetail,
            OomKills = oomKills,
            CpuPressure = Pressure(directory, "cpu.pressure"),
            MemoryPressure = Pressure(directory, "memory.pressure"),
            IoPressure = Pressure(directory, "io.pressure"),
        };
        return WithTasks(stats, directory, "cgroup.threads");
    }

    /// <summary>Adds the cgroup's processes, thread count (from <paramref name="threadsFile"/>) and task limit, read in <paramref name="directory"/>.</summary>
    private static CgroupStats WithTasks(CgroupStats stats, string? directory, string threadsFile)
    {
        var threads = Read(directory, threadsFile);
        var procs = Read(directory, "cgroup.procs");
        var limit = Read(directory, "pids.max");
        return stats with
        {
            ThreadCount = threads is null ? null : (ulong)Ids(directory!, threadsFile, threads).Count,
            ThreadLimit = limit is null || limit.Trim() == "max" ? null : Number(directory, "pids.max", limit),
            ProcessIds = procs is null ? [] : Ids(directory!, "cgroup.procs", procs),
        };
    }

    private static List<int> Ids(string directory, string file, string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw Malformed(directory, file, line))
            .ToList();

    private static CgroupMemoryStats Memory(ulong usage, ulong inactiveFile, ulong rss, ulong pageFaults, ulong majorPageFaults, ulong? limit)
    {
        var workingSet = usage > inactiveFile ? usage - inactiveFile : 0;
        ulong? available = limit is { } bytes ? (bytes > workingSet ? bytes - workingSet : 0) : null;
        return new CgroupMemoryStats(usage, workingSet, rss, pageFaults, majorPageFaults, limit, available);
    }

    /// <summary>A limit less a usage, or null without a limit (v1's page-rounded maximum counts as none).</summary>
    private static ulong? Remaining(ulong? limit, ulong? usage) =>
        limit is <= Unlimited && usage is { } used ? (limit.Value > used ? limit.Value - used : 0) : null;

    /// <summary>
    /// A pressure file, or null where there is none: a kernel without PSI, or one booted with psi=0,
    /// which keeps the files but fails their reads with EOPNOTSUPP.
    /// </summary>
    private static CgroupPressure? Pressure(string directory, string file)
    {
        string? text;
        try
        {
            text = Read(directory, file);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            return text is null ? null : CgroupPressure.Parse(text);
        }
        catch (FormatException)
        {
            throw Malformed(directory, file, text!);
        }
    }

    private static string? Read(string? directory, string file) =>
        directory is null ? null : CgroupFile.Read(Path.Join(directory, file));

    private static ulong? Number(string? directory, string file, string? text)
    {
        if (text is null)
            return null;
        return ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed(directory!, file, text);
    }

    private static ulong? Value(Dictionary<string, ulong> values, string key) => values.TryGetValue(key, out var value) ? value : null;

    /// <summary>A flat keyed file (cgroup-v2.rst): "key value" per line.</summary>
    private static Dictionary<string, ulong> KeyValues(string directory, string file, string? text)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw Malformed(directory, file, line);
            values[parts[0]] = value;
        }
        return values;
    }

    private static RpcException NotFound(string cgroupPath) =>
        new(StatusCode.NotFound, $"cgroup {cgroupPath}: not found");

    private static RpcException Malformed(string directory, string file, string text) =>
        new(StatusCode.Internal, $"cgroup file {Path.Join(directory, file)}: unexpected content \"{text.Trim()}\"");
}
