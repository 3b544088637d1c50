namespace CriEngine.Server.State;

/// <summary>A container as the engine keeps it, written atomically on every change of state.</summary>
/// <param name="Config">The kubelet's <c>ContainerConfig</c>, protobuf bytes in base64.</param>
/// <param name="Image">The image as the kubelet named it.</param>
/// <param name="ImageRef">The image's repo digest (or ID), as ContainerStatus reports it.</param>
/// <param name="StopSignal">The signal StopContainer sends first, from the image's config.</param>
/// <param name="Resources">The kubelet's last <c>LinuxContainerResources</c> update, protobuf bytes in base64; null while the config's hold.</param>
/// <param name="ImageVolumeRefs">The digest (else ID) of each image volume's image, by container path, as ContainerStatus reports it; null without image volumes.</param>
/// <param name="User">The ids the process was started with, as the runtime was told them; null in records written before it was kept, whose spec file says it.</param>
public sealed record ContainerRecord(
    string Id,
    string Name,
    string PodId,
    string Config,
    string Image,
    string ImageId,
    string ImageRef,
    string LogPath,
    string Bundle,
    int StopSignal,
    DateTimeOffset CreatedAt,
    ContainerPhase State,
    int Pid,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int ExitCode,
    string Reason,
    string Message,
    string? Resources = null,
    IReadOnlyDictionary<string, string>? ImageVolumeRefs = null,
    Oci.Spec.OciUser? User = null);
