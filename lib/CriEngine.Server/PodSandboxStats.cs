using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<PodSandboxStatsResponse> PodSandboxStats(PodSandboxStatsRequest request, CallContext context) =>
        new() { Stats = await stats.PodAsync(engine.Pods.Get(request.PodSandboxId, "pod sandbox"), context.CancellationToken).ConfigureAwait(false) };
}
