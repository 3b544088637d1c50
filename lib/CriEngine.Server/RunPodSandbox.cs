using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<RunPodSandboxResponse> RunPodSandbox(RunPodSandboxRequest request, CallContext context) =>
        new() { PodSandboxId = await pods.RunAsync(request.Config ?? throw new RpcException(StatusCode.InvalidArgument, "no pod sandbox config given"), request.RuntimeHandler, context.CancellationToken).ConfigureAwait(false) };
}
