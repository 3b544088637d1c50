namespace CriEngine.Grpc;

/// <summary>One entry of the dispatch table: a method path and the code that serves it.</summary>
public abstract class GrpcMethod(string path)
{
    /// <summary>The full path, e.g. <c>/runtime.v1.RuntimeService/Version</c>.</summary>
    public string Path { get; } = path;

    internal abstract Task HandleAsync(GrpcCall call);
}
