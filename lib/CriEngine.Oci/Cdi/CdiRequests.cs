using CriEngine.Api;

namespace CriEngine.Oci.Cdi;

/// <summary>The CDI devices a container asks for: the CRI's CDI_devices, then the cdi.k8s.io/ annotations (comma-separated names), each once.</summary>
internal static class CdiRequests
{
    private const string AnnotationPrefix = "cdi.k8s.io/";

    public static IReadOnlyList<string> Names(ContainerConfig config) =>
        config.CDIDevices.Select(device => device.Name)
            .Concat(config.Annotations
                .Where(annotation => annotation.Key.StartsWith(AnnotationPrefix, StringComparison.Ordinal))
                .OrderBy(annotation => annotation.Key, StringComparer.Ordinal)
                .SelectMany(annotation => annotation.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
