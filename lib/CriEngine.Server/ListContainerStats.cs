using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<ListContainerStatsResponse> ListContainerStats(ListContainerStatsRequest request, CallContext context)
    {
        var filter = request.Filter;
        var response = new ListContainerStatsResponse();
        foreach (var container in engine.Containers.Listed.Where(c => c.State == State.ContainerPhase.Running).ToList())
        {
            if (filter is not null
                && !(ListFilters.IdMatches(filter.Id, container.Id)
                    && ListFilters.IdMatches(filter.PodSandboxId, container.PodId)
                    && ListFilters.LabelsMatch(filter.LabelSelector, ContainerStatusMapper.Config(container).Labels)))
                continue;
            if (await stats.ContainerAsync(container, context.CancellationToken).ConfigureAwait(false) is { } item)
                response.Stats.Add(item);
        }
        return response;
    }
}
