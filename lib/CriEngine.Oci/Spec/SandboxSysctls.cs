using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The pod's sysctls, set by the runtime in the infra container's namespaces: default_sysctls,
/// then the pod's own over them. Only namespaced ones are allowed, and only for a namespace the
/// pod does not share with the node (CRI-O's rules): anything else would change the node. A pod
/// asking for one is refused; a default that does not fit the pod is skipped with a warning, as
/// CRI-O skips it.
/// </summary>
internal static class SandboxSysctls
{
    private static readonly HashSet<string> IpcSysctls =
    [
        "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
    ];

    public static IReadOnlyDictionary<string, string>? Build(
        IEnumerable<KeyValuePair<string, string>> requested, IReadOnlyList<string> defaults, bool hostNetwork, bool hostIpc,
        ILogger logger, string subject)
    {
        var sysctls = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in defaults)
        {
            var separator = line.IndexOf('=');
            var name = separator > 0 ? Dotted(line[..separator].Trim()) : "";
            var refusal = name.Length == 0 ? "not name=value" : Refusal(name, hostNetwork, hostIpc);
            if (refusal is null)
                sysctls[name] = line[(separator + 1)..].Trim();
            else
                SpecLog.DefaultSysctlSkipped(logger, subject, line, refusal);
        }
        foreach (var (key, value) in requested)
        {
            var name = Dotted(key);
            if (Refusal(name, hostNetwork, hostIpc) is { } refusal)
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: sysctl {key}: {refusal}");
            sysctls[name] = value;
        }
        return sysctls.Count > 0 ? sysctls : null;
    }

    private static string? Refusal(string name, bool hostNetwork, bool hostIpc) => name switch
    {
        _ when IpcSysctls.Contains(name) || name.StartsWith("fs.mqueue.", StringComparison.Ordinal) =>
            hostIpc ? "not allowed with the node's IPC namespace" : null,
        _ when name.StartsWith("net.", StringComparison.Ordinal) =>
            hostNetwork ? "not allowed with the node's network namespace" : null,
        _ => "not a namespaced sysctl: it would change the node",
    };

    // Kubernetes accepts "net/ipv4/ip_forward" and, when the first separator is a slash, means
    // dots and slashes swapped ("net/ipv4/conf/eno2.100/rp_filter").
    private static string Dotted(string key)
    {
        var separator = key.IndexOfAny(['.', '/']);
        if (separator < 0 || key[separator] == '.')
            return key;
        return string.Create(key.Length, key, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] switch { '/' => '.', '.' => '/', var other => other };
        });
    }
}
