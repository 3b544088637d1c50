namespace CriEngine.Images.Policy;

/// <summary>The <c>signedIdentity</c> types of containers-policy.json(5).</summary>
public enum SignedIdentityKind
{
    MatchRepoDigestOrExact,
    MatchExact,
    MatchRepository,
    ExactReference,
    ExactRepository,
    RemapIdentity,
}
