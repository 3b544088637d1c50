using CriEngine.Grpc;
using CriEngine.Images.References;

namespace CriEngine.Images.Registries;

/// <summary>
/// Turns the <c>[[registry]]</c> that matches a reference into the ordered places to pull it
/// from (containers/image <c>PullSourcesFromReference</c>), deciding for each whether it is
/// insecure: when registries.conf says so for that location or mirror, or when CRI-O's
/// <c>insecure_registries</c> covers the reference (CRI-O then skips TLS verification for the
/// whole pull, mirrors included) or the place itself.
/// </summary>
internal static class PullSourcePlanner
{
    private const string OfficialNamespace = "library/";

    /// <summary>How much of the reference's name the prefix covers, or -1 when it does not match.</summary>
    public static int Covered(string prefix, ImageReference reference) =>
        RegistryPrefix.Match(prefix, reference.Registry, reference.Name, PulledAs(reference));

    public static IReadOnlyList<PullSource> Plan(ImageReference reference, RegistryEntry? entry, InsecureRegistryList insecureRegistries)
    {
        var referenceInsecure = insecureRegistries.Covers(reference.Registry, reference.Name, PulledAs(reference));
        PullSource Source(string host, string repository, bool insecure, bool isMirror) =>
            new(new RegistryEndpoint(host, insecure || referenceInsecure || insecureRegistries.Covers(host, $"{host}/{repository}", $"{host}/{repository}")),
                repository, isMirror);

        if (entry is null)
            return [Source(reference.Registry, reference.Repository, false, false)];
        if (entry.Blocked)
            throw new RpcException(StatusCode.PermissionDenied,
                $"image {reference}: pulling is blocked by registries.conf prefix \"{entry.Prefix}\" ({entry.Origin})");

        var covered = Covered(entry.Prefix, reference);
        var byDigest = reference.Digest is not null;
        var sources = entry.Mirrors
            .Where(mirror => entry.MirrorByDigestOnly
                ? byDigest
                : mirror.PullFromMirror switch
                {
                    PullFromMirror.DigestOnly => byDigest,
                    PullFromMirror.TagOnly => !byDigest,
                    _ => true,
                })
            .Select(mirror =>
            {
                var (host, repository) = Rewrite(mirror.Location, reference, covered, entry);
                return Source(host, repository, mirror.Insecure, true);
            })
            .ToList();
        var (mainHost, mainRepository) = entry.Location.Length == 0
            ? (reference.Registry, reference.Repository)
            : Rewrite(entry.Location, reference, covered, entry);
        sources.Add(Source(mainHost, mainRepository, entry.Insecure, false));
        return sources;
    }

    /// <summary>The name with what it is pulled by: the digest when it has one (the tag then only names it), else the tag.</summary>
    private static string PulledAs(ImageReference reference) =>
        reference.Digest is { } digest ? $"{reference.Name}@{digest}" : $"{reference.Name}:{reference.Tag}";

    /// <summary>
    /// Puts <paramref name="location"/> in place of the part of the name the prefix covers. A
    /// location on Docker Hub gets Docker's <c>library/</c> for a name without a namespace.
    /// </summary>
    private static (string Host, string Repository) Rewrite(string location, ImageReference reference, int covered, RegistryEntry entry)
    {
        var rest = reference.Name[covered..];
        var slash = location.IndexOf('/');
        var host = slash < 0 ? location : location[..slash];
        var repository = slash < 0 ? rest.TrimStart('/') : location[(slash + 1)..] + rest;
        if (repository.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument,
                $"image {reference}: registries.conf prefix \"{entry.Prefix}\" ({entry.Origin}) maps it to \"{location}\", which names no repository");
        if (host == ImageReference.DockerHub && !repository.Contains('/'))
            repository = OfficialNamespace + repository;
        return (host, repository);
    }
}
