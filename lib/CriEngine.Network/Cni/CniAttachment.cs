namespace CriEngine.Network.Cni;

/// <summary>
/// A pod's attachment to a CNI network: everything its ADD was given, kept with the pod so that
/// its DEL gets the same (also after a daemon restart), and the ADD's result once there is one,
/// which DEL passes back as <c>prevResult</c>.
/// </summary>
/// <param name="ConfigList">The network's config list, as ADD read it.</param>
/// <param name="Arguments">The <c>CNI_ARGS</c> pairs: the pod's namespace, name, uid and infra container.</param>
/// <param name="Result">The last plugin's ADD result, JSON; null until ADD has succeeded.</param>
public sealed record CniAttachment(
    string ConfigList,
    string ContainerId,
    string NetnsPath,
    string InterfaceName,
    IReadOnlyList<KeyValuePair<string, string>> Arguments,
    IReadOnlyList<CniPortMapping> PortMappings,
    CniDns? Dns,
    string? Result = null)
{
    /// <summary>The interface CRI-O gives a pod.</summary>
    public const string DefaultInterface = "eth0";

    /// <summary>The <c>CNI_ARGS</c> of a Kubernetes pod, as CRI-O sends them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> PodArguments(string podNamespace, string podName, string infraContainerId, string podUid) =>
    [
        new("IgnoreUnknown", "1"),
        new("K8S_POD_NAMESPACE", podNamespace),
        new("K8S_POD_NAME", podName),
        new("K8S_POD_INFRA_CONTAINER_ID", infraContainerId),
        new("K8S_POD_UID", podUid),
    ];
}
