using Google.Protobuf;

namespace CriEngine.Grpc;

/// <summary>A method with one request and a stream of responses, ended by the status.</summary>
public sealed class ServerStreamingMethod<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, ServerStreamWriter<TResponse>, CallContext, Task> handler)
    : GrpcMethod(path)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    internal override async Task HandleAsync(GrpcCall call)
    {
        var request = await call.ReadRequestAsync(parser).ConfigureAwait(false);
        await handler(request, new ServerStreamWriter<TResponse>(call), call.Context).ConfigureAwait(false);
        await call.FinishAsync(StatusCode.OK, "").ConfigureAwait(false);
    }
}
