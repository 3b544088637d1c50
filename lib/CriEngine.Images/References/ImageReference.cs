using CriEngine.Grpc;

namespace CriEngine.Images.References;

/// <summary>
/// A fully qualified image reference, normalized the way Docker normalizes one
/// (distribution/reference <c>ParseNormalizedNamed</c> plus the default tag):
/// <c>busybox</c> is <c>docker.io/library/busybox:latest</c>, <c>index.docker.io</c> is
/// <c>docker.io</c>, and a reference with neither tag nor digest gets the tag <c>latest</c>.
/// A reference may carry both a tag and a digest; it is then pulled by the digest and the
/// tag only names it.
/// </summary>
public sealed record ImageReference
{
    public const string DockerHub = "docker.io";

    internal ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host with its port if any: <c>docker.io</c>, <c>127.0.0.1:5000</c>, <c>[::1]:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The path inside the registry: <c>library/busybox</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary><c>registry/repository</c>, without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>What to ask the registry's manifest endpoint for: the digest when there is one, else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag!;

    /// <summary>Parses and normalizes a reference as a user or the kubelet writes it.</summary>
    /// <exception cref="RpcException">InvalidArgument, naming the text and what is wrong with it.</exception>
    public static ImageReference Parse(string text) => ReferenceParser.Parse(text).Reference;

    /// <summary>
    /// True when <paramref name="text"/> names no registry, so that short-name resolution
    /// (aliases, unqualified-search registries) applies to it. The first path component names a
    /// registry when it contains <c>.</c> or <c>:</c>, is <c>localhost</c>, or has upper-case
    /// letters (Docker's rule).
    /// </summary>
    /// <exception cref="RpcException">InvalidArgument: <paramref name="text"/> is no valid reference.</exception>
    public static bool IsShortName(string text) => !ReferenceParser.Parse(text).NamesRegistry;

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is { } digest ? "@" + digest : "");
}
