using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>ListPodSandbox's pods in chunks under the message size limit.</summary>
    public Task StreamPodSandboxes(StreamPodSandboxesRequest request, ServerStreamWriter<StreamPodSandboxesResponse> writer, CallContext context) =>
        ResponseChunker.WriteAsync(MatchingPods(request.Filter).ToAsyncEnumerable(), chunk => new StreamPodSandboxesResponse { PodSandboxes = { chunk } }, writer, ResponseChunker.BudgetFor(config.Current.Config.Api.GrpcMaxSendMsgSize), context.CancellationToken);
}
