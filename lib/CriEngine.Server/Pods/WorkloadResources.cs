using System.Text.Json;
using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;

namespace CriEngine.Server.Pods;

/// <summary>
/// A workload's CPU settings for one container, as CRI-O's workloads give them: the workload's
/// <c>resources</c>, each overridden by the pod annotation <c>ANNOTATION_PREFIX/CONTAINER</c>
/// (JSON with <c>cpushares</c>, <c>cpuquota</c>, <c>cpuperiod</c>, <c>cpuset</c>, <c>cpulimit</c>);
/// a <c>cpulimit</c> in millicores becomes the quota over the period (100 ms when unset, at least 1 ms).
/// They replace what the CRI asked for.
/// </summary>
internal sealed record WorkloadResources(long CpuShares, long CpuQuota, long CpuPeriod, string CpuSet, long CpuLimit)
{
    private const long DefaultPeriod = 100_000;
    private const long MinimumQuota = 1_000;

    public static WorkloadResources For(WorkloadSection workload, string containerName, IReadOnlyDictionary<string, string> podAnnotations, string subject)
    {
        var defaults = workload.Resources;
        var resources = new WorkloadResources(defaults.CpuShares, defaults.CpuQuota, defaults.CpuPeriod, defaults.CpuSet, defaults.CpuLimit);
        var key = workload.AnnotationPrefix + "/" + containerName;
        return podAnnotations.TryGetValue(key, out var json) ? resources.Over(json, key, subject) : resources;
    }

    /// <summary>The container's resources with these in place of the CRI's.</summary>
    public LinuxContainerResources Apply(LinuxContainerResources? requested)
    {
        var resources = requested?.Clone() ?? new LinuxContainerResources();
        if (CpuSet.Length > 0)
            resources.CpusetCpus = CpuSet;
        if (CpuShares != 0)
            resources.CpuShares = CpuShares;
        var quota = CpuLimit != 0 ? Math.Max(CpuLimit * (CpuPeriod != 0 ? CpuPeriod : DefaultPeriod) / 1000, MinimumQuota) : CpuQuota;
        if (quota != 0)
            resources.CpuQuota = quota;
        if (CpuPeriod != 0)
            resources.CpuPeriod = CpuPeriod;
        return resources;
    }

    private WorkloadResources Over(string json, string key, string subject)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
                return this;
            return new WorkloadResources(
                Number(root, "cpushares") is { } shares and not 0 ? shares : CpuShares,
                Number(root, "cpuquota") is { } quota and not 0 ? quota : CpuQuota,
                Number(root, "cpuperiod") is { } period and not 0 ? period : CpuPeriod,
                root.TryGetProperty("cpuset", out var cpuset) && cpuset.GetString() is { Length: > 0 } set ? set : CpuSet,
                Number(root, "cpulimit") is { } limit and not 0 ? limit : CpuLimit);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: annotation {key}: {e.Message}");
        }
    }

    private static long? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetInt64() : null;
}
