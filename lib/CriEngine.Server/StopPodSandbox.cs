using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>Idempotent: stopping a stopped or removed pod is fine (the CRI says so).</summary>
    public async Task<StopPodSandboxResponse> StopPodSandbox(StopPodSandboxRequest request, CallContext context)
    {
        await pods.StopAsync(request.PodSandboxId, context.CancellationToken).ConfigureAwait(false);
        return new StopPodSandboxResponse();
    }
}
