using CriEngine.Images.References;

namespace CriEngine.TestSupport.Registry;

/// <summary>What an index push stored: the index under its tag, and each image's manifest by digest.</summary>
public sealed record PushedIndex(
    string Host,
    string Repository,
    string Tag,
    Digest IndexDigest,
    string MediaType,
    long Size,
    IReadOnlyList<PushedImage> Images)
{
    public string Reference => $"{Host}/{Repository}:{Tag}";

    public string DigestReference => $"{Host}/{Repository}@{IndexDigest}";

    /// <summary>The image listed for <paramref name="architecture"/> (linux unless told).</summary>
    public PushedImage ForPlatform(string architecture, string os = "linux", string? variant = null) =>
        Images.Single(i => i.Image.Config.Architecture == architecture && i.Image.Config.Os == os && (variant is null || i.Image.Config.Variant == variant));
}
