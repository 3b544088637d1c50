namespace CriEngine.Grpc;

/// <summary>A known method that is answered with a fixed status without reading its request (e.g. UNIMPLEMENTED).</summary>
public sealed class RejectingMethod(string path, StatusCode code, string message) : GrpcMethod(path)
{
    internal override Task HandleAsync(GrpcCall call) => Task.FromException(new RpcException(code, message));
}
