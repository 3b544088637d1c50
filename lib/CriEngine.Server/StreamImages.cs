using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>ListImages' images in chunks under the message size limit.</summary>
    public Task StreamImages(StreamImagesRequest request, ServerStreamWriter<StreamImagesResponse> writer, CallContext context) =>
        ResponseChunker.WriteAsync(MatchingImages(request.Filter).ToAsyncEnumerable(), chunk => new StreamImagesResponse { Images = { chunk } }, writer, ResponseChunker.BudgetFor(config.Current.Config.Api.GrpcMaxSendMsgSize), context.CancellationToken);
}
