namespace CriEngine.Images.Policy;

/// <summary>One requirement of a policy scope (containers-policy.json(5)); an image must satisfy every requirement of its scope.</summary>
public abstract record PolicyRequirement
{
    /// <summary>The <c>type</c> the policy file names it by.</summary>
    public abstract string Type { get; }
}
