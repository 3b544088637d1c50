using CriEngine.Api;

namespace CriEngine.Oci.Spec;

/// <summary>The infra container's annotations: CRI-O's keys, then the pod's annotations and labels.</summary>
internal static class SandboxAnnotations
{
    public static IReadOnlyDictionary<string, string> Build(SandboxSpecInput input, string hostname)
    {
        var config = input.Config;
        var pod = config.Metadata ?? new PodSandboxMetadata();
        var labels = AnnotationValues.WithPodLabels(config.Labels, pod);
        labels[CrioAnnotations.KubernetesContainerName] = CrioNames.InfraContainer;
        var namespaceOptions = config.Linux?.SecurityContext?.NamespaceOptions ?? new NamespaceOption();
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [CrioAnnotations.Metadata] = AnnotationValues.Json(pod),
            [CrioAnnotations.Labels] = AnnotationValues.Json(labels),
            [CrioAnnotations.Annotations] = AnnotationValues.Json(config.Annotations),
            [CrioAnnotations.LogPath] = input.LogPath,
            [CrioAnnotations.Name] = CrioNames.Sandbox(pod),
            [CrioAnnotations.SandboxName] = CrioNames.Sandbox(pod),
            [CrioAnnotations.Namespace] = pod.Namespace,
            [CrioAnnotations.ContainerType] = CrioAnnotations.ContainerTypeSandbox,
            [CrioAnnotations.SandboxId] = input.SandboxId,
            [CrioAnnotations.Image] = input.PauseImage,
            [CrioAnnotations.ContainerName] = CrioNames.SandboxContainer(pod),
            [CrioAnnotations.ContainerId] = input.SandboxId,
            [CrioAnnotations.ShmPath] = input.Files.ShmPath,
            [CrioAnnotations.PrivilegedRuntime] = AnnotationValues.Bool(config.Linux?.SecurityContext?.Privileged ?? false),
            [CrioAnnotations.RuntimeHandler] = input.RuntimeHandler,
            [CrioAnnotations.ResolvPath] = input.Files.ResolvConfPath,
            [CrioAnnotations.HostName] = hostname,
            [CrioAnnotations.HostnamePath] = input.Files.HostnamePath,
            [CrioAnnotations.NamespaceOptions] = AnnotationValues.Json(namespaceOptions),
            [CrioAnnotations.KubeName] = pod.Name,
            [CrioAnnotations.HostNetwork] = AnnotationValues.Bool(namespaceOptions.Network == NamespaceMode.Node),
            [CrioAnnotations.ContainerManager] = CrioAnnotations.ContainerManagerCrio,
            [CrioAnnotations.Created] = AnnotationValues.Timestamp(input.Created),
            [CrioAnnotations.CgroupParent] = config.Linux?.CgroupParent ?? "",
            [CrioAnnotations.MountPoint] = input.RootfsPath,
        };
        foreach (var (key, value) in config.Annotations)
            annotations[key] = value;
        foreach (var (key, value) in labels)
            annotations[key] = value;
        return annotations;
    }
}
