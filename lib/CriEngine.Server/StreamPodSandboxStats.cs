using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>ListPodSandboxStats' stats in chunks under the message size limit, each sent as soon as it is full.</summary>
    public Task StreamPodSandboxStats(StreamPodSandboxStatsRequest request, ServerStreamWriter<StreamPodSandboxStatsResponse> writer, CallContext context) =>
        ResponseChunker.WriteAsync(MatchingPodStats(request.Filter, context.CancellationToken), chunk => new StreamPodSandboxStatsResponse { PodSandboxStats = { chunk } }, writer, ResponseChunker.BudgetFor(config.Current.Config.Api.GrpcMaxSendMsgSize), context.CancellationToken);
}
