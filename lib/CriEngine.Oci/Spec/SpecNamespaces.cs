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
        RequirePods(podOptions, containerOptions, subject);
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

    /// <summary>
    /// A container joins its pod's network, IPC and user namespaces: it cannot have others. The
    /// kubelet sends the pod's modes again; a request that names different ones is refused rather
    /// than silently given the pod's.
    /// </summary>
    private static void RequirePods(NamespaceOption? podOptions, NamespaceOption? containerOptions, string subject)
    {
        if (containerOptions is null)
            return;
        var pod = podOptions ?? new NamespaceOption();
        if (containerOptions.Network != pod.Network)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: network namespace {Name(containerOptions.Network)}, but its pod's is {Name(pod.Network)}: a container joins its pod's");
        if (containerOptions.Ipc != pod.Ipc)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: IPC namespace {Name(containerOptions.Ipc)}, but its pod's is {Name(pod.Ipc)}: a container joins its pod's");
        if (containerOptions.UsernsOptions is { } userns && !Equals(Own(userns), Own(pod.UsernsOptions)))
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: user namespace {Describe(userns)}, but its pod's is {Describe(pod.UsernsOptions)}: a container joins its pod's");
    }

    // Nothing asked and NODE both mean the node's user namespace.
    private static UserNamespace? Own(UserNamespace? userns) => userns is null or { Mode: NamespaceMode.Node } ? null : userns;

    private static string Describe(UserNamespace? userns) => Own(userns) is { } own
        ? $"{Name(own.Mode)} ({string.Join(", ", own.Uids.Select(m => $"uid {m.HostId}:{m.ContainerId}:{m.Length}"))}; {string.Join(", ", own.Gids.Select(m => $"gid {m.HostId}:{m.ContainerId}:{m.Length}"))})"
        : "NODE";

    // The proto's names (NODE, POD), which the kubelet's users know.
    private static string Name(NamespaceMode mode) => mode.ToString().ToUpperInvariant();

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
