using CriEngine.Api;

namespace CriEngine.Oci.Spec;

/// <summary>The pod's hostname: the requested one, else the node's for a host-network pod, else the start of the sandbox id (CRI-O).</summary>
internal static class PodHostname
{
    private const int IdPrefixLength = 12;

    public static string Resolve(PodSandboxConfig config, string sandboxId)
    {
        if (config.Hostname.Length > 0)
            return config.Hostname;
        if (config.Linux?.SecurityContext?.NamespaceOptions?.Network == NamespaceMode.Node)
            return System.Net.Dns.GetHostName();
        return sandboxId.Length > IdPrefixLength ? sandboxId[..IdPrefixLength] : sandboxId;
    }
}
