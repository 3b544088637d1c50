namespace CriEngine.Config;

/// <summary>One <c>[crio.runtime.workloads.NAME]</c> table (experimental in CRI-O).</summary>
public sealed record WorkloadSection
{
    internal WorkloadSection()
    {
    }

    public string ActivationAnnotation { get; init; } = "";

    public string AnnotationPrefix { get; init; } = "";

    public ValueList<string> AllowedAnnotations { get; init; } = ValueList<string>.Empty;

    public WorkloadResourcesSection Resources { get; init; } = new();
}
