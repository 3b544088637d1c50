using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<ListPodSandboxStatsResponse> ListPodSandboxStats(ListPodSandboxStatsRequest request, CallContext context)
    {
        var filter = request.Filter;
        var response = new ListPodSandboxStatsResponse();
        foreach (var pod in engine.Pods.Listed.ToList())
        {
            if (filter is not null
                && !(ListFilters.IdMatches(filter.Id, pod.Id)
                    && ListFilters.LabelsMatch(filter.LabelSelector, PodStatusMapper.Config(pod).Labels)))
                continue;
            response.Stats.Add(await stats.PodAsync(pod, context.CancellationToken).ConfigureAwait(false));
        }
        return response;
    }
}
