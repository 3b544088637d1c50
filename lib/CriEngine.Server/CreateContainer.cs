using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<CreateContainerResponse> CreateContainer(CreateContainerRequest request, CallContext context) =>
        new()
        {
            ContainerId = await containers.CreateAsync(
                request.PodSandboxId,
                request.Config ?? throw new RpcException(StatusCode.InvalidArgument, "no container config given"),
                request.SandboxConfig ?? new PodSandboxConfig(),
                context.CancellationToken).ConfigureAwait(false),
        };
}
