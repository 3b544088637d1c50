namespace CriEngine.Images.Store;

/// <summary>The images mounted as one container's volumes, written before each mount so that a crash leaves nothing unknown.</summary>
public sealed record ImageVolumeRecord(string ContainerId, IReadOnlyList<MountedImage> Images);
