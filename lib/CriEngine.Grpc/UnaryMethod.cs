using Google.Protobuf;

namespace CriEngine.Grpc;

/// <summary>A method with one request and one response. Closed over its types once, at registration.</summary>
public sealed class UnaryMethod<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, CallContext, Task<TResponse>> handler)
    : GrpcMethod(path)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    internal override async Task HandleAsync(GrpcCall call)
    {
        var request = await call.ReadRequestAsync(parser).ConfigureAwait(false);
        var response = await handler(request, call.Context).ConfigureAwait(false);
        await call.SendUnaryResponseAsync(response).ConfigureAwait(false);
    }
}
