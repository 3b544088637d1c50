using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>Idempotent: removing a removed pod is fine (the CRI says so).</summary>
    public async Task<RemovePodSandboxResponse> RemovePodSandbox(RemovePodSandboxRequest request, CallContext context)
    {
        await pods.RemoveAsync(request.PodSandboxId, context.CancellationToken).ConfigureAwait(false);
        return new RemovePodSandboxResponse();
    }
}
