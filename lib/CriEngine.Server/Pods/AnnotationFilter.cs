using CriEngine.Config;
using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Pods;

/// <summary>
/// The annotations a pod or container is created with, by CRI-O's rules: the handler's
/// <c>default_annotations</c>, overridden by the request's own, less every experimental
/// annotation (<see cref="ExperimentalAnnotations"/>) that neither the handler's
/// <c>allowed_annotations</c> nor those of the workload the pod activates allow; such an
/// annotation is dropped with a debug line, as CRI-O drops it. An allowed annotation the engine
/// cannot act on refuses the creation, naming it: it is never dropped unseen.
/// </summary>
internal static partial class AnnotationFilter
{
    /// <summary>Allowed annotations the engine cannot honour, by prefix, with the reason given when one is refused.</summary>
    private static readonly (string Prefix, string Reason)[] Unsupported =
    [
        (ExperimentalAnnotations.UsernsMode, UsernsReason),
        (ExperimentalAnnotations.UsernsModeV2, UsernsReason),
        (ExperimentalAnnotations.Cgroup2RW, "the engine does not mount the cgroup2 hierarchy writable"),
        (ExperimentalAnnotations.Cgroup2RWV2, "the engine does not mount the cgroup2 hierarchy writable"),
        (ExperimentalAnnotations.SeccompNotifierAction, "the engine has no seccomp notifier"),
        (ExperimentalAnnotations.SeccompNotifierActionV2, "the engine has no seccomp notifier"),
        (ExperimentalAnnotations.SeccompProfile, SeccompReason),
        (ExperimentalAnnotations.SeccompProfileV2, SeccompReason),
        (ExperimentalAnnotations.PlatformRuntimePath, "the engine runs the handler's runtime_path only"),
        (ExperimentalAnnotations.PlatformRuntimePathV2, "the engine runs the handler's runtime_path only"),
        (ExperimentalAnnotations.DisableFips, "the engine does not manage FIPS mode"),
        (ExperimentalAnnotations.DisableFipsV2, "the engine does not manage FIPS mode"),
        (ExperimentalAnnotations.CpuLoadBalancing, HighPerformanceReason),
        (ExperimentalAnnotations.IrqLoadBalancing, HighPerformanceReason),
        (ExperimentalAnnotations.CpuCStates, HighPerformanceReason),
        (ExperimentalAnnotations.CpuFreqGovernor, HighPerformanceReason),
        (ExperimentalAnnotations.CpuShared, "the engine has no shared_cpuset support"),
        (ExperimentalAnnotations.RdtClass, "the engine assigns no RDT classes (rdt_config_file is not supported)"),
    ];

    private const string UsernsReason =
        "the engine takes user namespaces from the kubelet's userns_options only (the annotation's auto mode allocates ids through containers/storage, and its private mode adds the run_as_user's host id to the mappings)";
    private const string SeccompReason = "the engine does not pull seccomp profiles from OCI artifacts; use a Localhost profile";
    private const string HighPerformanceReason = "the engine has no high-performance hooks (CPU and IRQ load balancing, C-states, frequency governor)";

    /// <summary>Pod-level annotations a container cannot set for itself.</summary>
    private static readonly string[] PodOnly =
        [ExperimentalAnnotations.ShmSize, ExperimentalAnnotations.ShmSizeV2, ExperimentalAnnotations.LinkLogs, ExperimentalAnnotations.LinkLogsV2];

    /// <summary>The workload whose activation annotation the pod has, if any; the first by name when several match.</summary>
    public static WorkloadSection? ActiveWorkload(RuntimeSection runtime, IReadOnlyDictionary<string, string> podAnnotations) =>
        runtime.Workloads
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => entry.Value)
            .FirstOrDefault(workload => podAnnotations.ContainsKey(workload.ActivationAnnotation));

    /// <summary>A pod's annotations: the workload is looked up in what the pod asked for, as CRI-O does.</summary>
    public static SortedDictionary<string, string> ForPod(
        RuntimeSection runtime, string handlerName, RuntimeHandlerSection handler, IReadOnlyDictionary<string, string> requested, bool cgroupV2, ILogger logger, string subject)
    {
        var annotations = Filter(handlerName, handler, ActiveWorkload(runtime, requested), requested, logger, subject);
        Refuse(annotations, handlerName, subject);
        if (!cgroupV2 && annotations.Keys.FirstOrDefault(IsUnifiedCgroup) is { } unified)
            throw NotHonoured(subject, unified, handlerName, "the unified cgroup settings need cgroup v2, and this node has cgroup v1");
        return annotations;
    }

    /// <summary>A container's annotations: the workload is the one its pod activates.</summary>
    public static SortedDictionary<string, string> ForContainer(
        RuntimeSection runtime, string handlerName, RuntimeHandlerSection? handler, IReadOnlyDictionary<string, string> podAnnotations,
        IReadOnlyDictionary<string, string> requested, bool cgroupV2, ILogger logger, string subject)
    {
        var annotations = Filter(handlerName, handler, ActiveWorkload(runtime, podAnnotations), requested, logger, subject);
        Refuse(annotations, handlerName, subject);
        if (annotations.Keys.FirstOrDefault(key => PodOnly.Contains(key, StringComparer.Ordinal) && requested.ContainsKey(key)) is { } podOnly)
            throw NotHonoured(subject, podOnly, handlerName, "it applies to a whole pod: set it on the pod");
        if (!cgroupV2 && annotations.Keys.FirstOrDefault(IsUnifiedCgroup) is { } unified)
            throw NotHonoured(subject, unified, handlerName, "the unified cgroup settings need cgroup v2, and this node has cgroup v1");
        return annotations;
    }

    private static SortedDictionary<string, string> Filter(
        string handlerName, RuntimeHandlerSection? handler, WorkloadSection? workload, IReadOnlyDictionary<string, string> requested, ILogger logger, string subject)
    {
        // A handler a reload removed since the pod was created allows nothing and adds nothing.
        var allowed = new HashSet<string>(handler?.AllowedAnnotations ?? ValueList<string>.Empty, StringComparer.Ordinal);
        allowed.UnionWith(workload?.AllowedAnnotations ?? ValueList<string>.Empty);
        var disallowed = ExperimentalAnnotations.All.Where(name => !allowed.Contains(name)).ToList();
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in handler?.DefaultAnnotations ?? ValueMap<string>.Empty)
            annotations[key] = value;
        foreach (var (key, value) in requested)
        {
            if (disallowed.Any(name => key.StartsWith(name, StringComparison.Ordinal)))
            {
                LogIgnored(logger, subject, key, handlerName);
                continue;
            }
            annotations[key] = value;
        }
        return annotations;
    }

    private static void Refuse(IReadOnlyDictionary<string, string> annotations, string handlerName, string subject)
    {
        foreach (var key in annotations.Keys)
        {
            foreach (var (prefix, reason) in Unsupported)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                    throw NotHonoured(subject, key, handlerName, reason);
            }
        }
    }

    private static bool IsUnifiedCgroup(string key) =>
        key.StartsWith(ExperimentalAnnotations.UnifiedCgroup, StringComparison.Ordinal) || key.StartsWith(ExperimentalAnnotations.UnifiedCgroupV2, StringComparison.Ordinal);

    private static RpcException NotHonoured(string subject, string key, string handlerName, string reason) =>
        new(StatusCode.FailedPrecondition, $"{subject}: annotation {key} is allowed by runtime handler \"{handlerName}\" but criengine cannot honour it: {reason}");

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Subject}: annotation {Key} ignored: neither runtime handler \"{Handler}\" nor an active workload allows it")]
    private static partial void LogIgnored(ILogger logger, string subject, string key, string handler);
}
