using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>New cgroup limits for a running container, applied by the runtime's update.</summary>
    public async Task<UpdateContainerResourcesResponse> UpdateContainerResources(UpdateContainerResourcesRequest request, CallContext context)
    {
        if (request.Linux is not null)
            await containers.UpdateResourcesAsync(request.ContainerId, request.Linux, context.CancellationToken).ConfigureAwait(false);
        else
            engine.Containers.Get(request.ContainerId, "container");
        return new UpdateContainerResourcesResponse();
    }
}
