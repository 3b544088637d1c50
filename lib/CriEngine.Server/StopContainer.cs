using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>The stop signal, SIGKILL after the timeout (seconds); stopping a stopped container is fine.</summary>
    public async Task<StopContainerResponse> StopContainer(StopContainerRequest request, CallContext context)
    {
        await containers.StopAsync(request.ContainerId, TimeSpan.FromSeconds(Math.Max(0, request.Timeout)), context.CancellationToken).ConfigureAwait(false);
        return new StopContainerResponse();
    }
}
