namespace CriEngine.Images.Store;

/// <summary>One image mounted read-only for a container: the layers its overlay stacks, bottom first.</summary>
public sealed record MountedImage(string ImageId, IReadOnlyList<string> Layers);
