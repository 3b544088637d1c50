using CriEngine.Api;
using CriEngine.Config;

namespace CriEngine.Server.Pods;

/// <summary>Where a pod's logs go, as CRI-O puts them: the kubelet's <c>log_directory</c>, else <c>log_dir/POD-ID</c>.</summary>
internal static class PodLogs
{
    public static string DirectoryOf(PodSandboxConfig config, string podId, CrioConfig crio) =>
        config.LogDirectory.Length > 0 ? config.LogDirectory : Path.Combine(crio.Crio.LogDir, podId);
}
