namespace CriEngine.Network.Cni;

/// <summary>A pod port published on the node, in the form of the CNI <c>portMappings</c> capability.</summary>
/// <param name="Protocol">"tcp", "udp" or "sctp".</param>
/// <param name="HostIp">Empty: every address of the node.</param>
public sealed record CniPortMapping(int HostPort, int ContainerPort, string Protocol, string HostIp);
