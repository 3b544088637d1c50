using CriEngine.Grpc;

namespace CriEngine.Oci.Runtime;

/// <summary>A container ID names directories and files (the runtime's state, exit files, sockets): it must be one plain path segment.</summary>
internal static class ContainerIds
{
    public static void Validate(string containerId)
    {
        if (containerId.Length == 0 || containerId is "." or ".." || containerId.IndexOfAny(['/', '\0']) >= 0)
            throw new RpcException(StatusCode.InvalidArgument, $"container ID \"{containerId}\" is not a single path segment");
    }
}
