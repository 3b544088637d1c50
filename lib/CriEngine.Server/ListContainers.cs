using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<ListContainersResponse> ListContainers(ListContainersRequest request, CallContext context)
    {
        var filter = request.Filter;
        var response = new ListContainersResponse();
        foreach (var container in engine.Containers.All.OrderBy(c => c.CreatedAt))
        {
            var summary = ContainerStatusMapper.Summary(container);
            if (filter is not null
                && ((filter.Id.Length > 0 && !container.Id.StartsWith(filter.Id, StringComparison.Ordinal))
                    || (filter.PodSandboxId.Length > 0 && !container.PodId.StartsWith(filter.PodSandboxId, StringComparison.Ordinal))
                    || (filter.State is not null && filter.State.State != summary.State)
                    || !LabelsMatch(filter.LabelSelector, summary.Labels)))
                continue;
            response.Containers.Add(summary);
        }
        return Task.FromResult(response);
    }
}
