namespace CriEngine.Oci.Spec;

/// <summary>
/// What the node's cgroups offer. Settings the node cannot apply are left out of the spec, as
/// CRI-O does, because runc fails a container whose spec names a controller that is missing.
/// </summary>
/// <param name="IsV2">The unified hierarchy: containers get a cgroup namespace and the CRI's unified settings.</param>
/// <param name="HasMemorySwap">Swap accounting is on, so a memory limit can also cap swap.</param>
/// <param name="HasHugetlb">The hugetlb controller is present.</param>
public sealed record CgroupSupport(bool IsV2, bool HasMemorySwap, bool HasHugetlb);
