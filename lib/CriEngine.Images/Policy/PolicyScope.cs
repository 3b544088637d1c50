namespace CriEngine.Images.Policy;

/// <summary>The requirements that apply to one image, and where the policy file gives them (<c>default</c>, or a <c>transports.docker</c> scope).</summary>
public sealed record PolicyScope(string Name, IReadOnlyList<PolicyRequirement> Requirements);
