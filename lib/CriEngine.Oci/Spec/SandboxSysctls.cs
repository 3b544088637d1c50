using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The pod's sysctls, set by the runtime in the infra container's namespaces: default_sysctls,
/// then the pod's own over them. Only namespaced ones apply, and only for a namespace the pod does
/// not share with the node (CRI-O's rules): anything else would change the node. One that does
/// not fit the pod, a default or the pod's own, is skipped with a warning and the pod runs, as
/// CRI-O skips it (the kubelet refuses such pods before they reach the runtime).
/// </summary>
internal static class SandboxSysctls
{
    // CRI-O's list: kernel.sem by name, the rest by prefix.
    private static readonly string[] IpcPrefixes = ["kernel.shm", "kernel.msg", "fs.mqueue."];

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
                SpecLog.SysctlSkipped(logger, subject, key, refusal);
            else
                sysctls[name] = value;
        }
        return sysctls.Count > 0 ? sysctls : null;
    }

    private static string? Refusal(string name, bool hostNetwork, bool hostIpc) => name switch
    {
        _ when name == "kernel.sem" || IpcPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)) =>
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
