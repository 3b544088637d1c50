namespace CriEngine.Images.Policy;

/// <summary><c>sigstoreSigned</c>: at least one sigstore (cosign) signature by one of <see cref="Keys"/>, for the pulled manifest, naming an identity <see cref="Identity"/> accepts.</summary>
public sealed record SigstoreSignedRequirement(PolicyKeys Keys, SignedIdentity Identity) : PolicyRequirement
{
    public override string Type => "sigstoreSigned";
}
