using CriEngine.Api;
using CriEngine.Network.Cni;
using CriEngine.Network.Dns;

namespace CriEngine.Server.Pods;

/// <summary>What a pod's CNI ADD is given, from its sandbox config, as CRI-O gives it.</summary>
public static class PodNetworkAttachment
{
    public static CniAttachment For(string podId, PodSandboxConfig config, CniNetworkConfigList network, string netnsPath, PodDnsConfig dns)
    {
        var metadata = config.Metadata;
        // A mapping without a host port publishes nothing: CRI-O leaves it out.
        var ports = config.PortMappings
            .Where(mapping => mapping.HostPort > 0)
            .Select(mapping => new CniPortMapping(mapping.HostPort, mapping.ContainerPort, Protocol(mapping.Protocol), mapping.HostIp))
            .ToList();
        return new CniAttachment(
            network.Json, podId, netnsPath, CniAttachment.DefaultInterface,
            CniAttachment.PodArguments(metadata.Namespace, metadata.Name, podId, metadata.Uid),
            ports,
            dns.IsEmpty ? null : new CniDns(dns.Servers, dns.Searches, dns.Options));
    }

    private static string Protocol(Protocol protocol) => protocol switch
    {
        Api.Protocol.Udp => "udp",
        Api.Protocol.Sctp => "sctp",
        _ => "tcp",
    };
}
