using CriEngine.Grpc;

namespace CriEngine.Server.Pods;

/// <summary>
/// A memory limit below what a cgroup holds: cgroup v1 refuses it (EBUSY) in words of its own,
/// cgroup v2 takes it and kills processes until it fits. Either way it is refused up front, plainly.
/// </summary>
internal static class MemoryUsageCheck
{
    /// <exception cref="RpcException">FailedPrecondition naming <paramref name="subject"/>, the limit and the usage.</exception>
    public static void Require(string subject, long memoryLimit, ulong? usage)
    {
        if (memoryLimit > 0 && usage is { } bytes && bytes > (ulong)memoryLimit)
            throw new RpcException(StatusCode.FailedPrecondition, $"{subject}: cannot decrease memory limit to {memoryLimit} bytes, below its current usage of {bytes} bytes");
    }
}
