namespace CriEngine.Images.Manifests;

/// <summary>A parsed manifest: an <see cref="ImageIndex"/> or an <see cref="ImageManifest"/>.</summary>
public abstract record ManifestDocument(string MediaType, IReadOnlyDictionary<string, string>? Annotations);
