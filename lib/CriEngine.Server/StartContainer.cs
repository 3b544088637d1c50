using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<StartContainerResponse> StartContainer(StartContainerRequest request, CallContext context)
    {
        await containers.StartAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
        return new StartContainerResponse();
    }
}
