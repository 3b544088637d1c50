using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<ListContainersResponse> ListContainers(ListContainersRequest request, CallContext context)
    {
        var response = new ListContainersResponse();
        response.Containers.AddRange(MatchingContainers(request.Filter));
        return Task.FromResult(response);
    }

    /// <summary>What ListContainers and StreamContainers return: the containers through the filter, oldest first.</summary>
    private IEnumerable<Container> MatchingContainers(ContainerFilter? filter)
    {
        foreach (var container in engine.Containers.Listed.OrderBy(c => c.CreatedAt))
        {
            var summary = ContainerStatusMapper.Summary(container);
            if (filter is not null
                && !(ListFilters.IdMatches(filter.Id, container.Id)
                    && ListFilters.IdMatches(filter.PodSandboxId, container.PodId)
                    && (filter.State is null || filter.State.State == summary.State)
                    && ListFilters.LabelsMatch(filter.LabelSelector, summary.Labels)))
                continue;
            yield return summary;
        }
    }
}
