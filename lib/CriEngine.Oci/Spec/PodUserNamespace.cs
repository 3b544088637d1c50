using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Runtime;

namespace CriEngine.Oci.Spec;

/// <summary>
/// A pod's user namespace as the kubelet asks for it (<c>namespace_options.userns_options</c>):
/// NODE (or nothing asked) runs in the node's; POD gets a namespace of its own with the kubelet's
/// mappings, shared by all its containers. TARGET and CONTAINER are not valid for a pod. A pod is
/// never run without the user namespace it asked for: what cannot give it one is refused.
/// </summary>
public static class PodUserNamespace
{
    /// <summary>The pod's mappings, validated, or null when it runs in the node's user namespace.</summary>
    public static UserNamespaceMappings? Resolve(PodSandboxConfig config, string subject)
    {
        var options = config.Linux?.SecurityContext?.NamespaceOptions;
        if (options?.UsernsOptions is not { } userns)
            return null;
        switch (userns.Mode)
        {
            case NamespaceMode.Node:
                if (userns.Uids.Count > 0 || userns.Gids.Count > 0)
                    throw new RpcException(StatusCode.InvalidArgument, $"{subject}: user namespace mode NODE takes no uid or gid mappings");
                return null;
            case NamespaceMode.Pod:
                break;
            default:
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: user namespace mode {userns.Mode} is not valid for a pod (only NODE or POD)");
        }
        if (options.Network == NamespaceMode.Node || options.Pid == NamespaceMode.Node || options.Ipc == NamespaceMode.Node)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: a pod with its own user namespace cannot use the node's network, PID or IPC namespace");
        return new UserNamespaceMappings(Single(userns.Uids, "uid", subject), Single(userns.Gids, "gid", subject));
    }

    /// <summary>Refuses a user namespace the handler cannot make, naming the handler and what it lacks.</summary>
    public static void RequireSupport(HandlerFeatures features, string handler, string runtimePath, string subject)
    {
        if (features.UserNamespaces)
            return;
        var lacks = features.Unknown is { } why ? $"its support is unknown: {why}" : "it does not list the \"user\" namespace in its features";
        throw new RpcException(StatusCode.FailedPrecondition, $"{subject}: runtime handler \"{handler}\" ({runtimePath}) cannot run a pod in a user namespace: {lacks}");
    }

    // The kubelet sends one range per kind, starting at 0 inside: root in the pod must map somewhere.
    private static OciIdMapping Single(IReadOnlyList<IDMapping> mappings, string kind, string subject)
    {
        if (mappings.Count != 1)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: a user namespace needs exactly one {kind} mapping, got {mappings.Count}");
        var mapping = mappings[0];
        if (mapping.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: the {kind} mapping has length 0");
        if (mapping.ContainerId != 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: the {kind} mapping must start at {kind} 0 inside the pod, not {mapping.ContainerId}");
        if ((ulong)mapping.HostId + mapping.Length > uint.MaxValue)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: the {kind} mapping {mapping.HostId}+{mapping.Length} runs past the largest {kind}");
        return new OciIdMapping { ContainerId = mapping.ContainerId, HostId = mapping.HostId, Size = mapping.Length };
    }
}
