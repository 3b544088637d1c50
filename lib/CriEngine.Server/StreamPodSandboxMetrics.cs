using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>ListPodSandboxMetrics' pods in chunks under the message size limit, each sent as soon as it is full.</summary>
    public Task StreamPodSandboxMetrics(StreamPodSandboxMetricsRequest request, ServerStreamWriter<StreamPodSandboxMetricsResponse> writer, CallContext context) =>
        ResponseChunker.WriteAsync(metrics.CurrentAsync(context.CancellationToken), chunk => new StreamPodSandboxMetricsResponse { PodSandboxMetrics = { chunk } }, writer, ResponseChunker.BudgetFor(config.Current.Config.Api.GrpcMaxSendMsgSize), context.CancellationToken);
}
