using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>The metrics of every ready pod and its running containers, measured now or at the last collection_period.</summary>
    public async Task<ListPodSandboxMetricsResponse> ListPodSandboxMetrics(ListPodSandboxMetricsRequest request, CallContext context)
    {
        var response = new ListPodSandboxMetricsResponse();
        await foreach (var pod in metrics.CurrentAsync(context.CancellationToken).ConfigureAwait(false))
            response.PodMetrics.Add(pod);
        return response;
    }
}
