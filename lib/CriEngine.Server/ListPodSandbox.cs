using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<ListPodSandboxResponse> ListPodSandbox(ListPodSandboxRequest request, CallContext context)
    {
        var filter = request.Filter;
        var response = new ListPodSandboxResponse();
        foreach (var pod in engine.Pods.Listed.OrderBy(p => p.CreatedAt))
        {
            var summary = PodStatusMapper.Summary(pod);
            if (filter is not null
                && !(ListFilters.IdMatches(filter.Id, pod.Id)
                    && (filter.State is null || filter.State.State == summary.State)
                    && ListFilters.LabelsMatch(filter.LabelSelector, summary.Labels)))
                continue;
            response.Items.Add(summary);
        }
        return Task.FromResult(response);
    }
}
