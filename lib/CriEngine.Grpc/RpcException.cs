namespace CriEngine.Grpc;

/// <summary>
/// The one exception domain code throws for a failed call: the status code the caller gets
/// and a message naming the object and the cause. Any other exception reaches the caller as
/// INTERNAL with its message.
/// </summary>
public sealed class RpcException(StatusCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public StatusCode Code { get; } = code;
}
