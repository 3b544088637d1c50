using CriEngine.Api;

namespace CriEngine.Oci.Spec;

/// <summary>
/// A container's annotations as CRI-O writes them: the pod's annotations (OCI hooks read them
/// from the container), CRI-O's keys, then the container's annotations and labels.
/// </summary>
internal static class ContainerAnnotations
{
    public static IReadOnlyDictionary<string, string> Build(ContainerSpecInput input)
    {
        var config = input.Config;
        var pod = input.SandboxConfig.Metadata ?? new PodSandboxMetadata();
        var metadata = config.Metadata ?? new ContainerMetadata();
        var labels = AnnotationValues.WithPodLabels(config.Labels, pod);
        labels.TryAdd(CrioAnnotations.KubernetesContainerName, metadata.Name);
        var annotations = AnnotationValues.Sorted(input.SandboxConfig.Annotations);
        var crio = new Dictionary<string, string>
        {
            [CrioAnnotations.Image] = config.Image?.Image ?? "",
            [CrioAnnotations.ImageName] = input.ImageName,
            [CrioAnnotations.ImageRef] = input.ImageId,
            [CrioAnnotations.Name] = CrioNames.Container(metadata, pod),
            [CrioAnnotations.ContainerId] = input.ContainerId,
            [CrioAnnotations.SandboxId] = input.SandboxId,
            [CrioAnnotations.SandboxName] = CrioNames.Sandbox(pod),
            [CrioAnnotations.ContainerType] = CrioAnnotations.ContainerTypeContainer,
            [CrioAnnotations.LogPath] = input.LogPath,
            [CrioAnnotations.Tty] = AnnotationValues.Bool(config.Tty),
            [CrioAnnotations.Stdin] = AnnotationValues.Bool(config.Stdin),
            [CrioAnnotations.StdinOnce] = AnnotationValues.Bool(config.StdinOnce),
            [CrioAnnotations.ResolvPath] = input.Files.ResolvConfPath,
            [CrioAnnotations.ContainerManager] = CrioAnnotations.ContainerManagerCrio,
            [CrioAnnotations.MountPoint] = input.RootfsPath,
            [CrioAnnotations.Created] = AnnotationValues.Timestamp(input.Created),
            [CrioAnnotations.Metadata] = AnnotationValues.Json(metadata),
            [CrioAnnotations.Labels] = AnnotationValues.Json(labels),
            [CrioAnnotations.Annotations] = AnnotationValues.Json(config.Annotations),
        };
        if (!string.IsNullOrWhiteSpace(input.Image.StopSignal))
            crio[CrioAnnotations.ImageStopSignal] = input.Image.StopSignal;
        foreach (var (key, value) in crio.Concat(config.Annotations).Concat(labels))
            annotations[key] = value;
        return annotations;
    }
}
