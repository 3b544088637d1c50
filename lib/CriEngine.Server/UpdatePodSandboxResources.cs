using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server;

public sealed partial class CriService
{
    private readonly PodResizer _resizer = new(engine, engine.Loggers.CreateLogger<PodResizer>());

    /// <summary>In-place pod resize: the pod's cgroup gets the containers' sum plus the overhead.</summary>
    public async Task<UpdatePodSandboxResourcesResponse> UpdatePodSandboxResources(UpdatePodSandboxResourcesRequest request, CallContext context)
    {
        await _resizer.ResizeAsync(request, context.CancellationToken).ConfigureAwait(false);
        return new UpdatePodSandboxResourcesResponse();
    }
}
