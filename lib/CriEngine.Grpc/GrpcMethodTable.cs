using System.Collections.Frozen;
using Google.Protobuf;

namespace CriEngine.Grpc;

/// <summary>The dispatch table: method path to handler, built once at start.</summary>
public sealed class GrpcMethodTable
{
    private readonly Dictionary<string, GrpcMethod> _methods = new(StringComparer.Ordinal);

    public GrpcMethodTable AddUnary<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, CallContext, Task<TResponse>> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        Add(new UnaryMethod<TRequest, TResponse>(path, parser, handler));

    public GrpcMethodTable AddServerStreaming<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, ServerStreamWriter<TResponse>, CallContext, Task> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        Add(new ServerStreamingMethod<TRequest, TResponse>(path, parser, handler));

    public GrpcMethodTable Add(GrpcMethod method)
    {
        if (!_methods.TryAdd(method.Path, method))
            throw new ArgumentException($"method {method.Path} is registered twice");
        return this;
    }

    public bool Contains(string path) => _methods.ContainsKey(path);

    internal FrozenDictionary<string, GrpcMethod> Freeze() => _methods.ToFrozenDictionary(StringComparer.Ordinal);
}
