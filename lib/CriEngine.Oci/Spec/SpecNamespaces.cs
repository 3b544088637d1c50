using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The namespaces of a pod's containers. The infra container makes the pod's IPC, UTS and PID
/// namespaces and holds them (and the pod's user namespace, when it has one); the network namespace
/// is pinned by the engine beforehand. A type left out is the node's.
/// </summary>
internal static class SpecNamespaces
{
    public static IReadOnlyList<OciNamespace> ForSandbox(NamespaceOption? options, string? networkNamespacePath, string? userNamespacePath)
    {
        var namespaces = new List<OciNamespace>();
        if (userNamespacePath is not null)
            namespaces.Add(new() { Type = OciNamespace.User, Path = userNamespacePath });
        if (options?.Pid != NamespaceMode.Node)
            namespaces.Add(new() { Type = OciNamespace.Pid });
        if (Network(options, networkNamespacePath) is { } network)
            namespaces.Add(network);
        if (options?.Ipc != NamespaceMode.Node)
            namespaces.Add(new() { Type = OciNamespace.Ipc });
        // CRI has no node UTS mode: even a host-network pod gets its own, named as the node (CRI-O).
        namespaces.Add(new() { Type = OciNamespace.Uts });
        namespaces.Add(new() { Type = OciNamespace.Mount });
        return namespaces;
    }

    public static IReadOnlyList<OciNamespace> ForContainer(
        NamespaceOption? podOptions, NamespaceOption? containerOptions, string? networkNamespacePath,
        int infraPid, int? targetPid, bool cgroupNamespace, bool userNamespace, string subject)
    {
        var namespaces = new List<OciNamespace>();
        if (userNamespace)
            namespaces.Add(new() { Type = OciNamespace.User, Path = Of(infraPid, "user") });
        if (Pid(containerOptions?.Pid ?? NamespaceMode.Pod, infraPid, targetPid, subject) is { } pid)
            namespaces.Add(pid);
        if (Network(podOptions, networkNamespacePath) is { } network)
            namespaces.Add(network);
        if (podOptions?.Ipc != NamespaceMode.Node)
            namespaces.Add(new() { Type = OciNamespace.Ipc, Path = Of(infraPid, "ipc") });
        namespaces.Add(new() { Type = OciNamespace.Uts, Path = Of(infraPid, "uts") });
        namespaces.Add(new() { Type = OciNamespace.Mount });
        if (cgroupNamespace)
            namespaces.Add(new() { Type = OciNamespace.Cgroup });
        return namespaces;
    }

    private static OciNamespace? Pid(NamespaceMode mode, int infraPid, int? targetPid, string subject) => mode switch
    {
        NamespaceMode.Node => null,
        NamespaceMode.Container => new() { Type = OciNamespace.Pid },
        NamespaceMode.Target => new()
        {
            Type = OciNamespace.Pid,
            Path = Of(targetPid ?? throw new RpcException(StatusCode.InvalidArgument, $"{subject}: TARGET pid namespace without a target container"), "pid"),
        },
        _ => new() { Type = OciNamespace.Pid, Path = Of(infraPid, "pid") },
    };

    private static OciNamespace? Network(NamespaceOption? options, string? path)
    {
        if (options?.Network == NamespaceMode.Node)
            return null;
        return new()
        {
            Type = OciNamespace.Network,
            Path = path ?? throw new ArgumentException("a pod with its own network needs its network namespace path", nameof(path)),
        };
    }

    private static string Of(int pid, string type) =>
        pid > 0 ? $"/proc/{pid}/ns/{type}" : throw new ArgumentOutOfRangeException(nameof(pid), pid, "not a process id");
}
