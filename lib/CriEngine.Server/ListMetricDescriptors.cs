using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Metrics;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>The descriptors of the metric groups included_pod_metrics selects.</summary>
    public Task<ListMetricDescriptorsResponse> ListMetricDescriptors(ListMetricDescriptorsRequest request, CallContext context)
    {
        var response = new ListMetricDescriptorsResponse();
        response.Descriptors.AddRange(PodMetricCatalog.Descriptors(metrics.Groups));
        return Task.FromResult(response);
    }
}
