namespace CriEngine.Images.Registries;

/// <summary>One place to try pulling an image from: a registry and the repository there.</summary>
public sealed record PullSource(RegistryEndpoint Endpoint, string Repository, bool IsMirror);
