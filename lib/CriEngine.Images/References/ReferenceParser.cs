using CriEngine.Grpc;

namespace CriEngine.Images.References;

/// <summary>
/// Splits a written reference into name, tag and digest, checks each against the Docker
/// grammar (<see cref="ReferenceGrammar"/>) and normalizes the name as Docker does.
/// </summary>
internal static class ReferenceParser
{
    private const string LegacyDockerHub = "index.docker.io";
    private const string OfficialNamespace = "library/";
    private const string DefaultTag = "latest";

    /// <exception cref="RpcException">InvalidArgument, naming <paramref name="text"/> and the reason.</exception>
    public static ParsedReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            throw Invalid(text, "empty");
        if (text.Length == 64 && text.All(c => char.IsAsciiHexDigitLower(c)))
            throw Invalid(text, "a 64-character hexadecimal string is an image ID, not a repository name");

        var nameAndTag = text;
        Digest? digest = null;
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            nameAndTag = text[..at];
            digest = ParseDigest(text, text[(at + 1)..]);
        }

        var name = nameAndTag;
        string? tag = null;
        var colon = nameAndTag.LastIndexOf(':');
        if (colon > nameAndTag.LastIndexOf('/'))
        {
            name = nameAndTag[..colon];
            tag = nameAndTag[(colon + 1)..];
            if (!ReferenceGrammar.IsTag(tag))
                throw Invalid(text, $"invalid tag \"{tag}\": a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
        }
        if (name.Length == 0)
            throw Invalid(text, "no repository name");

        var (registry, repository, namesRegistry) = SplitRegistry(name);
        if (!ReferenceGrammar.IsDomain(registry))
            throw Invalid(text, $"invalid registry \"{registry}\"");
        CheckRepository(text, repository);

        var reference = new ImageReference(registry, repository, tag ?? (digest is null ? DefaultTag : null), digest);
        return new ParsedReference(reference, name, namesRegistry, text[name.Length..]);
    }

    /// <summary>
    /// A short name qualified with an unqualified-search registry, normalized as if written so:
    /// on Docker Hub a name without a namespace is in <c>library/</c>.
    /// </summary>
    public static ImageReference Qualify(ParsedReference shortName, string registry)
    {
        if (registry == LegacyDockerHub)
            registry = ImageReference.DockerHub;
        var repository = registry == ImageReference.DockerHub && !shortName.GivenName.Contains('/')
            ? OfficialNamespace + shortName.GivenName
            : shortName.GivenName;
        return new ImageReference(registry, repository, shortName.Reference.Tag, shortName.Reference.Digest);
    }

    /// <summary>
    /// Docker's rule (distribution/reference <c>splitDockerDomain</c>): the first component is a
    /// registry when it contains <c>.</c> or <c>:</c>, is <c>localhost</c>, or has upper-case
    /// letters (repository paths are lower case, so it cannot be one). Names on Docker Hub
    /// without a namespace are in <c>library/</c>.
    /// </summary>
    private static (string Registry, string Repository, bool NamesRegistry) SplitRegistry(string name)
    {
        var slash = name.IndexOf('/');
        var first = slash < 0 ? null : name[..slash];
        var namesRegistry = first is not null
            && (first == "localhost" || first.Contains('.') || first.Contains(':') || first.Any(char.IsAsciiLetterUpper));
        var (registry, repository) = namesRegistry ? (first!, name[(slash + 1)..]) : (ImageReference.DockerHub, name);
        if (registry == LegacyDockerHub)
            registry = ImageReference.DockerHub;
        if (registry == ImageReference.DockerHub && !repository.Contains('/'))
            repository = OfficialNamespace + repository;
        return (registry, repository, namesRegistry);
    }

    private static void CheckRepository(string text, string repository)
    {
        if (repository.Any(char.IsAsciiLetterUpper))
            throw Invalid(text, $"repository name \"{repository}\" must be lower case");
        foreach (var component in repository.Split('/'))
        {
            if (component.Length == 0)
                throw Invalid(text, $"repository name \"{repository}\" has an empty path component");
            if (!ReferenceGrammar.IsPathComponent(component))
                throw Invalid(text, $"invalid repository path component \"{component}\": lower-case letters and digits, separated by '.', '_', '__' or dashes");
        }
        if (repository.Length > ReferenceGrammar.MaxPathLength)
            throw Invalid(text, $"repository name is {repository.Length} characters long, more than {ReferenceGrammar.MaxPathLength}");
    }

    private static Digest ParseDigest(string text, string digestText)
    {
        if (Digest.TryParse(digestText, out var digest))
            return digest;
        if (!ReferenceGrammar.IsDigestShaped(digestText))
            throw Invalid(text, $"invalid digest \"{digestText}\": expected algorithm:hex");
        var algorithm = digestText[..digestText.IndexOf(':')];
        throw Invalid(text, algorithm is "sha256" or "sha512"
            ? $"invalid {algorithm} digest \"{digestText}\": wrong length or not lower-case hex"
            : $"unsupported digest algorithm \"{algorithm}\"");
    }

    private static RpcException Invalid(string text, string reason) =>
        new(StatusCode.InvalidArgument, $"invalid image reference \"{text}\": {reason}");
}
