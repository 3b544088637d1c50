using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<ListPodSandboxResponse> ListPodSandbox(ListPodSandboxRequest request, CallContext context)
    {
        var response = new ListPodSandboxResponse();
        response.Items.AddRange(MatchingPods(request.Filter));
        return Task.FromResult(response);
    }

    /// <summary>What ListPodSandbox and StreamPodSandboxes return: the pods through the filter, oldest first.</summary>
    private IEnumerable<PodSandbox> MatchingPods(PodSandboxFilter? filter)
    {
        foreach (var pod in engine.Pods.Listed.OrderBy(p => p.CreatedAt))
        {
            var summary = PodStatusMapper.Summary(pod);
            if (filter is not null
                && !(ListFilters.IdMatches(filter.Id, pod.Id)
                    && (filter.State is null || filter.State.State == summary.State)
                    && ListFilters.LabelsMatch(filter.LabelSelector, summary.Labels)))
                continue;
            yield return summary;
        }
    }
}
