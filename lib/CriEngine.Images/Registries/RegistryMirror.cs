namespace CriEngine.Images.Registries;

/// <summary>One <c>[[registry.mirror]]</c>: a location tried before the registry's own.</summary>
/// <param name="Location"><c>host[:port][/path]</c> standing for the registry's prefix.</param>
public sealed record RegistryMirror(string Location, bool Insecure, PullFromMirror PullFromMirror);
