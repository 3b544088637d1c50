using CriEngine.Images.References;

namespace CriEngine.Images.Manifests;

/// <summary>A reference to content by media type, digest and size (OCI image spec, "Descriptor").</summary>
public sealed record Descriptor(
    string MediaType,
    Digest Digest,
    long Size,
    IReadOnlyList<string>? Urls = null,
    ImagePlatform? Platform = null,
    IReadOnlyDictionary<string, string>? Annotations = null);
