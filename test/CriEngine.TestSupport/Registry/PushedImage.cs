using CriEngine.Images.References;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// What a push stored: <see cref="Reference"/> is <c>HOST/REPOSITORY:TAG</c> on the registry
/// pushed to; <see cref="IndexDigest"/> is set when the image was pushed as part of an index.
/// </summary>
public sealed record PushedImage(
    string Host,
    string Repository,
    string Tag,
    Digest ManifestDigest,
    string ManifestMediaType,
    long ManifestSize,
    Digest ConfigDigest,
    long ConfigSize,
    IReadOnlyList<PushedLayer> Layers,
    Digest? IndexDigest,
    TestImage Image)
{
    public string Reference => $"{Host}/{Repository}:{Tag}";

    /// <summary><c>HOST/REPOSITORY@DIGEST</c> of this image's manifest.</summary>
    public string DigestReference => $"{Host}/{Repository}@{ManifestDigest}";

    public IReadOnlyList<Digest> DiffIds => [.. Layers.Select(l => l.DiffId)];
}
