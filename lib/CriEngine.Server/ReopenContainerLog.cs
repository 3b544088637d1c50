using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.Server.State;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>The kubelet rotated the log (renamed it): the monitor opens a new file at the same path.</summary>
    public async Task<ReopenContainerLogResponse> ReopenContainerLog(ReopenContainerLogRequest request, CallContext context)
    {
        var container = engine.Containers.Get(request.ContainerId, "container");
        if (container.State != ContainerPhase.Running)
            throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id} is not running");
        await MonitorControl.ReopenLogAsync(container.Id, container.Bundle, container.LogPath, context.CancellationToken).ConfigureAwait(false);
        return new ReopenContainerLogResponse();
    }
}
