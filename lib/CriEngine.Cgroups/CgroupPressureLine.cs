namespace CriEngine.Cgroups;

/// <summary>One line of a pressure file.</summary>
/// <param name="TotalNanoSeconds">Stall time since the cgroup was made (the file's total, in microseconds, times 1,000).</param>
/// <param name="Avg10">Percent of the last 10 seconds stalled.</param>
/// <param name="Avg60">Percent of the last 60 seconds stalled.</param>
/// <param name="Avg300">Percent of the last 300 seconds stalled.</param>
public sealed record CgroupPressureLine(ulong TotalNanoSeconds, double Avg10, double Avg60, double Avg300);
