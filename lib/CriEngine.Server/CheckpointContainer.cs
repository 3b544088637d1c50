using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Oci.Runtime;
using CriEngine.Server.State;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>
    /// Checkpoints a running container through CRIU, or says why it cannot: CRIU missing, or
    /// <c>criu check</c> failing on this node, in CRIU's words. Writing the archive is not done by
    /// this engine yet, so a node where CRIU works is told that plainly too.
    /// </summary>
    public async Task<CheckpointContainerResponse> CheckpointContainer(CheckpointContainerRequest request, CallContext context)
    {
        var container = engine.Containers.Get(request.ContainerId, "container");
        if (container.State != ContainerPhase.Running)
            throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: cannot checkpoint a container that is not running ({container.State})");
        var criu = ToolLocator.FromEnvironment().Find("criu")
            ?? throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: cannot checkpoint: criu is not installed");
        if (await CriuCheck.FailureAsync(criu).ConfigureAwait(false) is { } failure)
            throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: cannot checkpoint: {failure}");
        throw new RpcException(StatusCode.Unimplemented, $"container {container.Id}: CRIU works here, but writing a checkpoint archive is not implemented by {EngineInfo.RuntimeName} {EngineInfo.Version}");
    }
}
