using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>A running container is killed first; removing a removed container is fine.</summary>
    public async Task<RemoveContainerResponse> RemoveContainer(RemoveContainerRequest request, CallContext context)
    {
        await containers.RemoveAsync(request.ContainerId, context.CancellationToken).ConfigureAwait(false);
        return new RemoveContainerResponse();
    }
}
