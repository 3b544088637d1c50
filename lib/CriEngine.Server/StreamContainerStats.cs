using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>ListContainerStats' stats in chunks under the message size limit, each sent as soon as it is full.</summary>
    public Task StreamContainerStats(StreamContainerStatsRequest request, ServerStreamWriter<StreamContainerStatsResponse> writer, CallContext context) =>
        ResponseChunker.WriteAsync(MatchingContainerStats(request.Filter, context.CancellationToken), chunk => new StreamContainerStatsResponse { ContainerStats = { chunk } }, writer, ResponseChunker.BudgetFor(config.Current.Config.Api.GrpcMaxSendMsgSize), context.CancellationToken);
}
