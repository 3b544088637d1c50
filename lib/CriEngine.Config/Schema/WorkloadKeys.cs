using static CriEngine.Config.Schema.ConfigKeyTraits;

namespace CriEngine.Config.Schema;

/// <summary>The keys of one <c>[crio.runtime.workloads.NAME]</c> table and its <c>resources</c> table.</summary>
internal static class WorkloadKeys
{
    private static readonly IReadOnlyList<Setting<WorkloadSection>> OwnSettings =
        new SectionSettings<WorkloadSection, WorkloadSection>("", w => w, (_, w) => w)
            .Text("activation_annotation", "", Honoured, "Pod annotation (its key) that puts the pod in this workload; required.",
                w => w.ActivationAnnotation, (w, v) => w with { ActivationAnnotation = v })
            .Text("annotation_prefix", "", Honoured, "Prefix of the per-container annotations that override the resources.",
                w => w.AnnotationPrefix, (w, v) => w with { AnnotationPrefix = v })
            .TextList("allowed_annotations", ValueList<string>.Empty, Honoured, "Experimental annotations this workload may act on.",
                w => w.AllowedAnnotations, (w, v) => w with { AllowedAnnotations = v })
            .Settings;

    private static readonly IReadOnlyList<Setting<WorkloadSection>> ResourceSettings =
        new SectionSettings<WorkloadSection, WorkloadResourcesSection>("resources", w => w.Resources, (w, r) => w with { Resources = r })
            .Integer("cpushares", 0, Honoured, "CPU shares; 0 leaves them unset.",
                r => r.CpuShares, (r, v) => r with { CpuShares = v })
            .Integer("cpuquota", 0, Honoured, "CPU quota in microseconds; 0 leaves it unset.",
                r => r.CpuQuota, (r, v) => r with { CpuQuota = v })
            .Integer("cpuperiod", 0, Honoured, "CPU period in microseconds; 0 leaves it unset.",
                r => r.CpuPeriod, (r, v) => r with { CpuPeriod = v })
            .Text("cpuset", "", Honoured, "CPUs in Linux list format; empty leaves them unset.",
                r => r.CpuSet, (r, v) => r with { CpuSet = v })
            .Integer("cpulimit", 0, Honoured, "CPU limit in millicores, turned into a quota; 0 leaves it unset.",
                r => r.CpuLimit, (r, v) => r with { CpuLimit = v })
            .Settings;

    public static SchemaTree<WorkloadSection> Tree { get; } = new(
        [.. OwnSettings, .. ResourceSettings],
        new Dictionary<string, string> { ["resources"] = "Default resources of the workload's containers." });

    public static WorkloadSection Blank { get; } = Tree.ApplyDefaults(new WorkloadSection());
}
