namespace CriEngine.Network.Cni;

/// <summary>The pod's DNS settings, in the form of the CNI <c>dns</c> capability.</summary>
public sealed record CniDns(IReadOnlyList<string> Servers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options);
