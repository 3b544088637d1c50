namespace CriEngine.Images.Manifests;

/// <summary>An OCI image manifest or a Docker schema 2 manifest: a config blob and layers, bottom first.</summary>
public sealed record ImageManifest(string MediaType, Descriptor Config, IReadOnlyList<Descriptor> Layers, IReadOnlyDictionary<string, string>? Annotations = null)
    : ManifestDocument(MediaType, Annotations);
