namespace CriEngine.Images.Policy;

/// <summary><c>signedBy</c>: at least one simple-signing (OpenPGP) signature by one of <see cref="Keys"/>, for the pulled manifest, naming an identity <see cref="Identity"/> accepts.</summary>
public sealed record SignedByRequirement(PolicyKeys Keys, SignedIdentity Identity) : PolicyRequirement
{
    public override string Type => "signedBy";
}
