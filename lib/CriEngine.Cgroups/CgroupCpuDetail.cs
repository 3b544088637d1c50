namespace CriEngine.Cgroups;

/// <summary>
/// A cgroup's CPU time by mode and its CFS throttling, as cAdvisor reports them. A part is null
/// when its file is not there (v1: no cpu hierarchy, or no cpuacct.stat).
/// </summary>
/// <param name="UserNanoSeconds">CPU time in user mode (v1 cpuacct.stat user, in clock ticks; v2 cpu.stat user_usec).</param>
/// <param name="SystemNanoSeconds">CPU time in kernel mode (v1 cpuacct.stat system; v2 cpu.stat system_usec).</param>
/// <param name="Periods">CFS enforcement periods elapsed (cpu.stat nr_periods).</param>
/// <param name="ThrottledPeriods">Periods in which the cgroup was throttled (cpu.stat nr_throttled).</param>
/// <param name="ThrottledNanoSeconds">Time throttled (v1 cpu.stat throttled_time; v2 throttled_usec).</param>
public sealed record CgroupCpuDetail(
    ulong? UserNanoSeconds,
    ulong? SystemNanoSeconds,
    ulong? Periods,
    ulong? ThrottledPeriods,
    ulong? ThrottledNanoSeconds);
