namespace CriEngine.Images.Policy;

/// <summary><c>reject</c>: no image passes.</summary>
public sealed record RejectRequirement : PolicyRequirement
{
    public override string Type => "reject";
}
