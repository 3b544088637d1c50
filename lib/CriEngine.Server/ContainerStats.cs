using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<ContainerStatsResponse> ContainerStats(ContainerStatsRequest request, CallContext context)
    {
        var container = engine.Containers.Get(request.ContainerId, "container");
        return new ContainerStatsResponse { Stats = await stats.ContainerAsync(container, context.CancellationToken).ConfigureAwait(false) };
    }
}
