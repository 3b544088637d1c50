namespace CriEngine.Config;

/// <summary>A workload's <c>resources</c> table: default resources; zero or empty means unset.</summary>
public sealed record WorkloadResourcesSection
{
    internal WorkloadResourcesSection()
    {
    }

    public long CpuShares { get; init; }

    public long CpuQuota { get; init; }

    public long CpuPeriod { get; init; }

    public string CpuSet { get; init; } = "";

    public long CpuLimit { get; init; }
}
