using CriEngine.Grpc;
using CriEngine.Images.References;

namespace CriEngine.Images.Policy;

/// <summary>
/// Which identity (<c>docker-reference</c>) a signature must claim for the image being pulled,
/// by containers/image's rules: <c>matchRepoDigestOrExact</c> (the default) accepts the same
/// repository for an image pulled by digest and the same tag otherwise; <c>matchExact</c> the
/// same tag or digest; <c>matchRepository</c> the same repository; <c>exactReference</c> and
/// <c>exactRepository</c> a fixed one; <c>remapIdentity</c> rewrites the pulled name's
/// <see cref="Prefix"/> to <see cref="SignedPrefix"/> first (a mirror signed under its origin's name).
/// </summary>
/// <param name="Reference">The <c>dockerReference</c> or <c>dockerRepository</c> of the exact kinds.</param>
public sealed record SignedIdentity(SignedIdentityKind Kind, string? Reference = null, string? Prefix = null, string? SignedPrefix = null)
{
    public static SignedIdentity Default { get; } = new(SignedIdentityKind.MatchRepoDigestOrExact);

    public string Type => Kind switch
    {
        SignedIdentityKind.MatchRepoDigestOrExact => "matchRepoDigestOrExact",
        SignedIdentityKind.MatchExact => "matchExact",
        SignedIdentityKind.MatchRepository => "matchRepository",
        SignedIdentityKind.ExactReference => "exactReference",
        SignedIdentityKind.ExactRepository => "exactRepository",
        _ => "remapIdentity",
    };

    /// <summary>Null when a signature claiming <paramref name="signedReference"/> is accepted for <paramref name="image"/>; else why not.</summary>
    public string? Mismatch(ImageReference image, string signedReference)
    {
        if (Parse(signedReference) is not { } signed)
            return $"the signature claims \"{signedReference}\", which is no image reference";
        var intended = Of(image);
        var accepted = Kind switch
        {
            SignedIdentityKind.MatchRepoDigestOrExact => RepoDigestOrExact(intended, signed),
            SignedIdentityKind.MatchExact => !signed.NameOnly && signed.Full == intended.Full,
            SignedIdentityKind.MatchRepository => signed.Name == intended.Name,
            SignedIdentityKind.ExactReference => Parse(Reference!) is { NameOnly: false } exact && !signed.NameOnly && signed.Full == exact.Full,
            SignedIdentityKind.ExactRepository => Parse(Reference!) is { } repository && signed.Name == repository.Name,
            _ => RepoDigestOrExact(Remapped(intended) ?? intended, signed),
        };
        return accepted ? null : $"the signature claims {signed.Full}, which signedIdentity {Type}{Detail()} does not accept for {intended.Full}";
    }

    private string Detail() => Kind switch
    {
        SignedIdentityKind.ExactReference or SignedIdentityKind.ExactRepository => $" \"{Reference}\"",
        SignedIdentityKind.RemapIdentity => $" (\"{Prefix}\" as \"{SignedPrefix}\")",
        _ => "",
    };

    private static bool RepoDigestOrExact(Identity intended, Identity signed) =>
        intended.Digested ? signed.Name == intended.Name : !signed.NameOnly && signed.Full == intended.Full;

    /// <summary>The pulled name with <see cref="Prefix"/> replaced, when it starts with it at a component boundary (containers/image's refMatchesPrefix).</summary>
    private Identity? Remapped(Identity intended)
    {
        var full = intended.Full;
        if (!full.StartsWith(Prefix!, StringComparison.Ordinal) || (full.Length > Prefix!.Length && full[Prefix.Length] is not ('/' or ':' or '@')))
            return null;
        return Parse(SignedPrefix + full[Prefix.Length..]);
    }

    private static Identity Of(ImageReference image) =>
        new(image.Name, image.Digest is { } digest ? $"{image.Name}@{digest}" : $"{image.Name}:{image.Tag}", image.Digest is not null, false);

    private static Identity? Parse(string text)
    {
        try
        {
            var parsed = ReferenceParser.Parse(text);
            var nameOnly = parsed.Suffix.Length == 0;
            return new Identity(parsed.Reference.Name, nameOnly ? parsed.Reference.Name : parsed.Reference.ToString(), parsed.Reference.Digest is not null, nameOnly);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>A normalized reference: its repository, its whole text (tag and digest included), and what it names.</summary>
    private sealed record Identity(string Name, string Full, bool Digested, bool NameOnly);
}
