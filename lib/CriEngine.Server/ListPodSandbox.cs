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
        foreach (var pod in engine.Pods.All.OrderBy(p => p.CreatedAt))
        {
            var summary = PodStatusMapper.Summary(pod);
            if (filter is not null
                && ((filter.Id.Length > 0 && !pod.Id.StartsWith(filter.Id, StringComparison.Ordinal))
                    || (filter.State is not null && filter.State.State != summary.State)
                    || !LabelsMatch(filter.LabelSelector, summary.Labels)))
                continue;
            response.Items.Add(summary);
        }
        return Task.FromResult(response);
    }

    private static bool LabelsMatch(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(wanted => labels.TryGetValue(wanted.Key, out var value) && value == wanted.Value);
}
