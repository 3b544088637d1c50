using CriEngine.Api;
using CriEngine.Cgroups;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.Server.State;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Pods;

/// <summary>
/// In-place pod resize (UpdatePodSandboxResources): the pod's cgroup gets the new limits through
/// the cgroup manager the pod was created with, all of them or none, and the pod's record keeps
/// what is in force. Everything the host cannot apply is refused, with the reason, before the
/// first write. The record names the resize before the first write and drops the name after the
/// last, so a resize a crash cut short is found, and finished, at the next start.
/// </summary>
public sealed partial class PodResizer(Engine.Engine engine, ILogger<PodResizer> logger)
{
    public async Task ResizeAsync(UpdatePodSandboxResourcesRequest request, CancellationToken cancellationToken)
    {
        var pod = engine.Pods.Get(request.PodSandboxId, "pod sandbox");
        using (await engine.Locks.AcquireAsync(pod.Id, cancellationToken).ConfigureAwait(false))
        {
            pod = engine.Pods.Get(pod.Id, "pod sandbox");
            if (pod.State != PodPhase.Ready)
                throw new RpcException(StatusCode.FailedPrecondition, $"pod {pod.Id} is not ready: its cgroup cannot be resized");
            var asked = new UpdatePodSandboxResourcesRequest { Overhead = request.Overhead, Resources = request.Resources }.ToByteString().ToBase64();
            var limits = await LimitsAsync(pod, request, cancellationToken).ConfigureAwait(false);
            await engine.Pods.SaveAsync(pod with { Resizing = asked }, CancellationToken.None).ConfigureAwait(false);
            try
            {
                await ApplyAsync(pod, limits).ConfigureAwait(false);
            }
            catch
            {
                // Refused whole: the record goes back to what is still in force.
                await engine.Pods.SaveAsync(pod, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            await engine.Pods.SaveAsync(pod with { Resources = asked, Resizing = null }, CancellationToken.None).ConfigureAwait(false);
            LogResized(pod.Id, pod.Name, Describe(limits));
        }
    }

    /// <summary>
    /// At start: a resize the previous daemon was applying when it died is applied again (the
    /// kubelet asked for it, and it passed every check); one that cannot be any more, or of a
    /// pod no longer ready, is dropped with a warning and the last resize stays in force.
    /// </summary>
    public async Task ResumeInterruptedAsync(CancellationToken cancellationToken)
    {
        foreach (var interrupted in engine.Pods.All.Where(p => p.Resizing is not null).ToList())
        {
            using (await engine.Locks.AcquireAsync(interrupted.Id, cancellationToken).ConfigureAwait(false))
            {
                if (engine.Pods.Find(interrupted.Id) is not { Resizing: { } resizing } pod || pod.Id != interrupted.Id)
                    continue;
                try
                {
                    if (pod.State != PodPhase.Ready)
                        throw new RpcException(StatusCode.FailedPrecondition, $"pod {pod.Id} is not ready");
                    var limits = await LimitsAsync(pod, UpdatePodSandboxResourcesRequest.Parser.ParseFrom(ByteString.FromBase64(resizing)), cancellationToken).ConfigureAwait(false);
                    await ApplyAsync(pod, limits).ConfigureAwait(false);
                    await engine.Pods.SaveAsync(pod with { Resources = resizing, Resizing = null }, CancellationToken.None).ConfigureAwait(false);
                    LogResumed(pod.Id, pod.Name, Describe(limits));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Never a reason not to start: the kubelet resizes again when it sees the pod's limits differ.
                    await engine.Pods.SaveAsync(pod with { Resizing = null }, CancellationToken.None).ConfigureAwait(false);
                    LogResumeDropped(pod.Id, pod.Name, e.Message);
                }
            }
        }
    }

    /// <summary>The pod-level limits of <paramref name="request"/>, checked against the node and the pod's cgroup.</summary>
    private async Task<CgroupResources> LimitsAsync(PodRecord pod, UpdatePodSandboxResourcesRequest request, CancellationToken cancellationToken)
    {
        var subject = $"pod {pod.Id}";
        var sum = PodResourceSum.Of(request, subject);
        MinimumMemory.Check(engine.Config.Current.Config.Runtime.Runtimes.GetValueOrDefault(pod.RuntimeHandler), pod.RuntimeHandler, sum.MemoryLimitInBytes, subject);
        var oci = ResourceUpdate.Resources(sum, engine.Host.CgroupSupport, subject);
        RequireOnline("cpuset_cpus", oci.Cpu?.Cpus, CpusetList.OnlineCpus(), "CPUs", subject);
        RequireOnline("cpuset_mems", oci.Cpu?.Mems, CpusetList.OnlineMemoryNodes(), "memory nodes", subject);
        if (oci.Memory?.Limit is { } limit)
        {
            var cgroups = engine.CgroupManager(pod);
            var stats = await cgroups.ReadPodStatsAsync(cgroups.PodCgroupFor(pod.Id, pod.CgroupParent), cancellationToken).ConfigureAwait(false);
            MemoryUsageCheck.Require(subject, limit, stats.Memory?.UsageBytes);
        }
        return new CgroupResources
        {
            CpuShares = oci.Cpu?.Shares,
            CpuQuota = oci.Cpu?.Quota,
            CpuPeriod = oci.Cpu?.Period,
            CpusetCpus = oci.Cpu?.Cpus,
            CpusetMems = oci.Cpu?.Mems,
            MemoryLimit = oci.Memory?.Limit,
            // A container without a swap limit is kept from swapping; a pod's cgroup is left as the kubelet made it.
            MemorySwap = sum.MemorySwapLimitInBytes != 0 ? oci.Memory?.Swap : null,
            HugepageLimits = oci.HugepageLimits?.ToDictionary(h => h.PageSize, h => h.Limit) ?? [],
            // Kept on cgroup v1 too, where the manager refuses them: the container path drops them as CRI-O does.
            Unified = sum.Unified,
        };
    }

    private Task ApplyAsync(PodRecord pod, CgroupResources limits)
    {
        var cgroups = engine.CgroupManager(pod);
        return cgroups.UpdatePodResourcesAsync(cgroups.PodCgroupFor(pod.Id, pod.CgroupParent), limits, CancellationToken.None);
    }

    private static void RequireOnline(string field, string? list, SortedSet<int> online, string what, string subject)
    {
        if (list is null)
            return;
        var missing = CpusetList.Parse(list, $"{subject}: {field}").Except(online).ToList();
        if (missing.Count > 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: {field} \"{list}\" names {what} this node does not have online ({string.Join(",", missing)}; online: {string.Join(",", online)})");
    }

    private static string Describe(CgroupResources limits) =>
        $"cpu shares {limits.CpuShares?.ToString() ?? "-"}, quota {limits.CpuQuota?.ToString() ?? "-"}/{limits.CpuPeriod?.ToString() ?? "-"}, cpus {limits.CpusetCpus ?? "-"}, mems {limits.CpusetMems ?? "-"}, memory {limits.MemoryLimit?.ToString() ?? "-"}";

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod} ({Name}) resized: {Limits}")]
    private partial void LogResized(string pod, string name, string limits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Pod} ({Name}): a resize cut short by the previous daemon's end was applied again: {Limits}")]
    private partial void LogResumed(string pod, string name, string limits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Pod} ({Name}): a resize cut short by the previous daemon's end is dropped, the last one stays in force: {Reason}")]
    private partial void LogResumeDropped(string pod, string name, string reason);
}
