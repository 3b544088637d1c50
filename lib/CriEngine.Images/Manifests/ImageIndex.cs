namespace CriEngine.Images.Manifests;

/// <summary>An OCI image index or a Docker manifest list: one manifest per platform.</summary>
public sealed record ImageIndex(string MediaType, IReadOnlyList<Descriptor> Manifests, IReadOnlyDictionary<string, string>? Annotations = null)
    : ManifestDocument(MediaType, Annotations);
