using static CriEngine.Config.Schema.ConfigKeyTraits;

namespace CriEngine.Config.Schema;

/// <summary>The keys of one <c>[crio.runtime.workloads.NAME]</c> table and its <c>resources</c> table.</summary>
internal static class WorkloadKeys
{
    private const string NotSupported = "workloads are not supported";

    private static readonly IReadOnlyList<Setting<WorkloadSection>> OwnSettings =
        new SectionSettings<WorkloadSection, WorkloadSection>("", w => w, (_, w) => w)
            .Text("activation_annotation", "", None, "Pod annotation (its key) that puts the pod in this workload; required.",
                w => w.ActivationAnnotation, (w, v) => w with { ActivationAnnotation = v })
            .NotActedOn(NotSupported)
            .Text("annotation_prefix", "", None, "Prefix of the per-container annotations that override the resources.",
                w => w.AnnotationPrefix, (w, v) => w with { AnnotationPrefix = v })
            .NotActedOn(NotSupported)
            .TextList("allowed_annotations", ValueList<string>.Empty, None, "Experimental annotations this workload may act on.",
                w => w.AllowedAnnotations, (w, v) => w with { AllowedAnnotations = v })
            .NotActedOn(NotSupported)
            .Settings;

    private static readonly IReadOnlyList<Setting<WorkloadSection>> ResourceSettings =
        new SectionSettings<WorkloadSection, WorkloadResourcesSection>("resources", w => w.Resources, (w, r) => w with { Resources = r })
            .Integer("cpushares", 0, None, "CPU shares; 0 leaves them unset.",
                r => r.CpuShares, (r, v) => r with { CpuShares = v })
            .NotActedOn(NotSupported)
            .Integer("cpuquota", 0, None, "CPU quota in microseconds; 0 leaves it unset.",
                r => r.CpuQuota, (r, v) => r with { CpuQuota = v })
            .NotActedOn(NotSupported)
            .Integer("cpuperiod", 0, None, "CPU period in microseconds; 0 leaves it unset.",
                r => r.CpuPeriod, (r, v) => r with { CpuPeriod = v })
            .NotActedOn(NotSupported)
            .Text("cpuset", "", None, "CPUs in Linux list format; empty leaves them unset.",
                r => r.CpuSet, (r, v) => r with { CpuSet = v })
            .NotActedOn(NotSupported)
            .Integer("cpulimit", 0, None, "CPU limit in millicores, turned into a quota; 0 leaves it unset.",
                r => r.CpuLimit, (r, v) => r with { CpuLimit = v })
            .NotActedOn(NotSupported)
            .Settings;

    public static SchemaTree<WorkloadSection> Tree { get; } = new(
        [.. OwnSettings, .. ResourceSettings],
        new Dictionary<string, string> { ["resources"] = "Default resources of the workload's containers." });

    public static WorkloadSection Blank { get; } = Tree.ApplyDefaults(new WorkloadSection());
}
