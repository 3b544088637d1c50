using System.Runtime.CompilerServices;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<ListContainerStatsResponse> ListContainerStats(ListContainerStatsRequest request, CallContext context)
    {
        var response = new ListContainerStatsResponse();
        await foreach (var item in MatchingContainerStats(request.Filter, context.CancellationToken).ConfigureAwait(false))
            response.Stats.Add(item);
        return response;
    }

    /// <summary>What ListContainerStats and StreamContainerStats return: the stats of the running containers through the filter.</summary>
    private async IAsyncEnumerable<ContainerStats> MatchingContainerStats(ContainerStatsFilter? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var container in engine.Containers.Listed.Where(c => c.State == State.ContainerPhase.Running).ToList())
        {
            if (filter is not null
                && !(ListFilters.IdMatches(filter.Id, container.Id)
                    && ListFilters.IdMatches(filter.PodSandboxId, container.PodId)
                    && ListFilters.LabelsMatch(filter.LabelSelector, ContainerStatusMapper.Config(container).Labels)))
                continue;
            if (await stats.ContainerAsync(container, cancellationToken).ConfigureAwait(false) is { } item)
                yield return item;
        }
    }
}
