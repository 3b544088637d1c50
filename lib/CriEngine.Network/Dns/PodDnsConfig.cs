namespace CriEngine.Network.Dns;

/// <summary>The DNS settings of a pod, as the kubelet sends them in the CRI <c>DNSConfig</c>.</summary>
public sealed record PodDnsConfig(IReadOnlyList<string> Servers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options)
{
    /// <summary>No DNSConfig, or an empty one: the pod gets the node's resolv.conf.</summary>
    public static PodDnsConfig None { get; } = new([], [], []);

    public bool IsEmpty => Servers.Count == 0 && Searches.Count == 0 && Options.Count == 0;
}
