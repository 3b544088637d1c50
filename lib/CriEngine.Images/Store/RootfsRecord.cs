namespace CriEngine.Images.Store;

/// <summary>A container's root filesystem: which image and layers it stacks, and how.</summary>
/// <param name="Driver"><c>overlay</c> or <c>vfs</c>, as <c>storage_driver</c> was when it was made.</param>
public sealed record RootfsRecord(string ContainerId, string ImageId, IReadOnlyList<string> Layers, string Driver);
