using CriEngine.Images.Manifests;

namespace CriEngine.Images.Store;

/// <summary>
/// A pulled image as the store keeps it, written atomically as one file: a crash leaves the
/// image either fully there (every layer unpacked before the record is written) or absent.
/// </summary>
/// <param name="Id">The image ID: the hex of the config digest, as CRI-O reports it.</param>
/// <param name="RepoTags">Canonical names with tags, e.g. <c>docker.io/library/busybox:latest</c>.</param>
/// <param name="RepoDigests">Canonical names with the manifest digest they were pulled by.</param>
/// <param name="Layers">Chain IDs (hex), bottom layer first.</param>
/// <param name="Size">Bytes the unpacked layers take.</param>
public sealed record ImageRecord(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    string ConfigDigest,
    string ManifestDigest,
    IReadOnlyList<string> Layers,
    long Size,
    ImageExecutionConfig Config,
    DateTimeOffset PulledAt);
