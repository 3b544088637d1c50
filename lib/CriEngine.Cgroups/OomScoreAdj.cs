using System.Globalization;

namespace CriEngine.Cgroups;

/// <summary>
/// The daemon's own oom_score_adj and whether it may give a process a lower one. Lowering it
/// below the daemon's needs CAP_SYS_RESOURCE; without it the kernel refuses and runc fails the
/// container, so the spec builder raises such a value to the daemon's (containerd's
/// restrict_oom_score_adj) and says so in the log.
/// </summary>
public static class OomScoreAdj
{
    private const int CapSysResource = 24;

    /// <summary>This process's oom_score_adj (-1000 … 1000).</summary>
    public static int ReadOwn() => Read("/proc/self/oom_score_adj");

    /// <summary>A process's oom_score_adj (-1000 … 1000).</summary>
    public static int ReadOf(int pid) => Read($"/proc/{pid}/oom_score_adj");

    /// <summary>Gives a running process a new oom_score_adj; its later children inherit it.</summary>
    public static Task SetAsync(int pid, int value, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync($"/proc/{pid}/oom_score_adj", value.ToString(CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>Whether this process holds CAP_SYS_RESOURCE in its effective set.</summary>
    public static bool MayLower() => HasEffective(File.ReadAllText("/proc/self/status"), CapSysResource);

    /// <summary>The value a child of this process can be given: <paramref name="requested"/>, or the daemon's own if that is higher.</summary>
    public static int Restrict(int requested, int own) => Math.Max(requested, own);

    internal static int Read(string path) => int.Parse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>Reads the CapEff mask of a /proc/PID/status text (proc(5)): hexadecimal, bit N for capability N.</summary>
    internal static bool HasEffective(string status, int capability)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal))
            ?? throw new InvalidDataException("/proc/self/status: no CapEff line");
        var mask = ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return (mask & (1UL << capability)) != 0;
    }
}
