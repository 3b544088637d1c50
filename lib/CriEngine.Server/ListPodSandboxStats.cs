using System.Runtime.CompilerServices;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<ListPodSandboxStatsResponse> ListPodSandboxStats(ListPodSandboxStatsRequest request, CallContext context)
    {
        var response = new ListPodSandboxStatsResponse();
        await foreach (var item in MatchingPodStats(request.Filter, context.CancellationToken).ConfigureAwait(false))
            response.Stats.Add(item);
        return response;
    }

    /// <summary>What ListPodSandboxStats and StreamPodSandboxStats return: the stats of the pods through the filter.</summary>
    private async IAsyncEnumerable<PodSandboxStats> MatchingPodStats(PodSandboxStatsFilter? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var pod in engine.Pods.Listed.ToList())
        {
            if (filter is not null
                && !(ListFilters.IdMatches(filter.Id, pod.Id)
                    && ListFilters.LabelsMatch(filter.LabelSelector, PodStatusMapper.Config(pod).Labels)))
                continue;
            yield return await stats.PodAsync(pod, cancellationToken).ConfigureAwait(false);
        }
    }
}
