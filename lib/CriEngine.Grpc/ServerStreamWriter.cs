using Google.Protobuf;

namespace CriEngine.Grpc;

/// <summary>Sends the responses of a server-streaming call, in order, under flow control.</summary>
public sealed class ServerStreamWriter<T> where T : IMessage<T>
{
    private readonly GrpcCall _call;

    internal ServerStreamWriter(GrpcCall call) => _call = call;

    public Task WriteAsync(T message) => _call.SendMessageAsync(message);
}
