using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>ListContainers' containers in chunks under the message size limit.</summary>
    public Task StreamContainers(StreamContainersRequest request, ServerStreamWriter<StreamContainersResponse> writer, CallContext context) =>
        ResponseChunker.WriteAsync(MatchingContainers(request.Filter).ToAsyncEnumerable(), chunk => new StreamContainersResponse { Containers = { chunk } }, writer, ResponseChunker.BudgetFor(config.Current.Config.Api.GrpcMaxSendMsgSize), context.CancellationToken);
}
