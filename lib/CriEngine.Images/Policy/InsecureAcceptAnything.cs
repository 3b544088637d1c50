namespace CriEngine.Images.Policy;

/// <summary><c>insecureAcceptAnything</c>: every image passes, signed or not.</summary>
public sealed record InsecureAcceptAnything : PolicyRequirement
{
    public override string Type => "insecureAcceptAnything";
}
