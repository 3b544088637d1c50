using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.State;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>A URL on the streaming server where the client forwards connections to the pod's ports, with a single-use token.</summary>
    public Task<PortForwardResponse> PortForward(PortForwardRequest request, CallContext context)
    {
        if (request.PodSandboxId.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, "pod sandbox ID is empty");
        var pod = engine.Pods.Get(request.PodSandboxId, "pod sandbox");
        if (pod.State != PodPhase.Ready)
            throw new RpcException(StatusCode.FailedPrecondition, $"pod sandbox {pod.Id} is not ready");
        if (request.Port.Any(port => port is <= 0 or > 65535))
            throw new RpcException(StatusCode.InvalidArgument, $"pod sandbox {pod.Id}: port {request.Port.First(port => port is <= 0 or > 65535)} is out of range");
        var url = streaming.GetPortForwardUrl(new CriEngine.Streaming.PortForwardRequest(pod.Id, [.. request.Port]));
        return Task.FromResult(new PortForwardResponse { Url = url });
    }
}
