using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Oci.Runtime;
using CriEngine.Server.Pods;
using CriEngine.Server.State;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>
    /// Checkpoints a running container into an archive at the request's location, in CRI-O's
    /// layout, within the request's timeout (seconds; 0 = none); the container keeps running.
    /// Where it cannot be done the answer says why: criu support turned off, CRIU missing, or
    /// <c>criu check</c> failing on this node, in CRIU's words.
    /// </summary>
    public async Task<CheckpointContainerResponse> CheckpointContainer(CheckpointContainerRequest request, CallContext context)
    {
        var container = engine.Containers.Get(request.ContainerId, "container");
        if (!Path.IsPathFullyQualified(request.Location))
            throw new RpcException(StatusCode.InvalidArgument, $"container {container.Id}: checkpoint location \"{request.Location}\" is not an absolute path");
        if (!config.Current.Config.Runtime.EnableCriuSupport)
            throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: cannot checkpoint: enable_criu_support is off");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        if (request.Timeout > 0)
            timeout.CancelAfter(TimeSpan.FromSeconds(request.Timeout));
        using (await engine.Locks.AcquireAsync(container.Id, timeout.Token).ConfigureAwait(false))
        {
            container = engine.Containers.Get(container.Id, "container");
            if (container.State != ContainerPhase.Running)
                throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: cannot checkpoint a container that is not running ({container.State})");
            var criu = ToolLocator.FromEnvironment().Find("criu")
                ?? throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: cannot checkpoint: criu is not installed");
            if (await CriuCheck.FailureAsync(criu).ConfigureAwait(false) is { } failure)
                throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: cannot checkpoint: {failure}");
            var pod = engine.Pods.Find(container.PodId)
                ?? throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: its pod {container.PodId} is gone");
            await ContainerCheckpointer.WriteAsync(engine, pod, container, request.Location, timeout.Token).ConfigureAwait(false);
        }
        LogCheckpointed(container.Id, request.Location);
        return new CheckpointContainerResponse();
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "container {Container}: checkpointed to {Location}")]
    private partial void LogCheckpointed(string container, string location);
}
