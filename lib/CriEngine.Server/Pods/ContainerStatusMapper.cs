using CriEngine.Api;
using CriEngine.Oci.Spec;
using CriEngine.Server.State;
using Google.Protobuf;

namespace CriEngine.Server.Pods;

/// <summary>A container record as the CRI shows it: ContainerStatus and the Container of ListContainers.</summary>
public static class ContainerStatusMapper
{
    public static ContainerConfig Config(ContainerRecord container) => ContainerConfig.Parser.ParseFrom(ByteString.FromBase64(container.Config));

    public static ContainerState StateOf(ContainerRecord container) => container.State switch
    {
        ContainerPhase.Created => ContainerState.ContainerCreated,
        ContainerPhase.Running => ContainerState.ContainerRunning,
        ContainerPhase.Exited => ContainerState.ContainerExited,
        _ => ContainerState.ContainerUnknown,
    };

    public static ContainerStatus Status(ContainerRecord container)
    {
        var config = Config(container);
        var status = new ContainerStatus
        {
            Id = container.Id,
            Metadata = config.Metadata,
            State = StateOf(container),
            CreatedAt = PodStatusMapper.Nanoseconds(container.CreatedAt),
            StartedAt = container.StartedAt is { } started ? PodStatusMapper.Nanoseconds(started) : 0,
            FinishedAt = container.FinishedAt is { } finished ? PodStatusMapper.Nanoseconds(finished) : 0,
            ExitCode = container.ExitCode,
            Image = ImageOf(container, config),
            ImageRef = container.ImageRef,
            ImageId = container.ImageId,
            Reason = container.Reason,
            Message = container.Message,
            LogPath = container.LogPath,
            Resources = ResourcesOf(container, config) is { } resources ? new ContainerResources { Linux = resources } : null,
            StopSignal = SignalNumbers.ToCri(container.StopSignal),
        };
        status.Labels.Add(config.Labels);
        status.Annotations.Add(config.Annotations);
        status.Mounts.AddRange(config.Mounts.Select(mount => Reported(mount, container)));
        return status;
    }

    /// <summary>A mount as requested; an image volume with the digest of the image it mounts (the CRI's <c>ImageSpec.image_ref</c>).</summary>
    private static Mount Reported(Mount mount, ContainerRecord container)
    {
        if (mount.Image is null || container.ImageVolumeRefs?.GetValueOrDefault(mount.ContainerPath) is not { } imageRef)
            return mount;
        var reported = mount.Clone();
        reported.Image.ImageRef = imageRef;
        return reported;
    }

    /// <summary>
    /// The kubelet's ImageSpec echoed, as containerd echoes it: what the user wrote in the pod spec
    /// (the kubelet shows that one), its annotations, runtime handler and image_ref; the image as the
    /// engine resolved it.
    /// </summary>
    private static ImageSpec ImageOf(ContainerRecord container, ContainerConfig config)
    {
        var image = config.Image?.Clone() ?? new ImageSpec();
        image.Image = container.Image;
        return image;
    }

    /// <summary>The limits in force: the last update's, else the config's.</summary>
    public static LinuxContainerResources? ResourcesOf(ContainerRecord container, ContainerConfig config) =>
        container.Resources is { } updated ? LinuxContainerResources.Parser.ParseFrom(ByteString.FromBase64(updated)) : config.Linux?.Resources;

    public static Container Summary(ContainerRecord container)
    {
        var config = Config(container);
        var summary = new Container
        {
            Id = container.Id,
            PodSandboxId = container.PodId,
            Metadata = config.Metadata,
            Image = ImageOf(container, config),
            ImageRef = container.ImageRef,
            ImageId = container.ImageId,
            State = StateOf(container),
            CreatedAt = PodStatusMapper.Nanoseconds(container.CreatedAt),
        };
        summary.Labels.Add(config.Labels);
        summary.Annotations.Add(config.Annotations);
        return summary;
    }
}
