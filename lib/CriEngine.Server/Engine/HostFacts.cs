using System.Globalization;
using CriEngine.Cgroups;
using CriEngine.Oci.Spec;

namespace CriEngine.Server.Engine;

/// <summary>
/// What this machine allows, read once at start: the lowest oom_score_adj the daemon may give
/// (its own, without CAP_SYS_RESOURCE), the capabilities it can hand out (its bounding set:
/// asking runc for one outside it fails the container), and the cgroup layout.
/// </summary>
public sealed record HostFacts(int MinimumOomScoreAdj, IReadOnlyList<string> CapabilityBoundingSet, CgroupLayout Cgroups)
{
    public static HostFacts Read()
    {
        var bounding = File.ReadLines("/proc/self/status").First(l => l.StartsWith("CapBnd:", StringComparison.Ordinal))["CapBnd:".Length..].Trim();
        return new HostFacts(
            OomScoreAdj.MayLower() ? -1000 : OomScoreAdj.ReadOwn(),
            CapabilityNames.FromMask(ulong.Parse(bounding, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            CgroupLayout.Detect());
    }

    public CgroupSupport CgroupSupport => new(
        Cgroups.Mode == CgroupMode.Unified,
        Cgroups.Mode == CgroupMode.Unified || File.Exists(Path.Combine(Cgroups.V1MountOf("memory") ?? "/nonexistent", "memory.memsw.limit_in_bytes")),
        Cgroups.Mode == CgroupMode.Unified ? File.Exists(Path.Combine(Cgroups.UnifiedMountPoint ?? "/", "cgroup.controllers")) && File.ReadAllText(Path.Combine(Cgroups.UnifiedMountPoint!, "cgroup.controllers")).Contains("hugetlb") : Cgroups.V1MountOf("hugetlb") is not null);
}
