namespace CriEngine.Server.Engine;

/// <summary>The engine's settings that crio.conf has no key for.</summary>
public sealed record EngineOptions
{
    /// <summary>How long a pod's whole CNI ADD or DEL may take: CRI-O's built-in 5 minutes unless <c>--cni-plugin-timeout</c> says otherwise.</summary>
    public TimeSpan CniPluginTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The kubelet's root directory (its <c>--root-dir</c>), whose <c>pods/UID/volumes</c> hold a pod's volumes: <c>--kubelet-root-dir</c>, else /var/lib/kubelet as CRI-O has it.</summary>
    public string KubeletRootDir { get; init; } = "/var/lib/kubelet";

    /// <summary>
    /// libcni's cache directory, where each pod's CNI attachment and ADD result are kept for its
    /// DEL: libcni's (and so CRI-O's) <c>/var/lib/cni</c> unless <c>--cni-cache-dir</c> says otherwise.
    /// </summary>
    public string CniCacheDir { get; init; } = "/var/lib/cni";
}
