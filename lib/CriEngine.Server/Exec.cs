using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.State;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>A URL on the streaming server where the client runs the command, with a single-use token.</summary>
    public Task<ExecResponse> Exec(ExecRequest request, CallContext context)
    {
        var container = LiveContainer(request.ContainerId);
        if (request.Cmd.Count == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"container {container.Id}: exec needs a command");
        ValidateStreams(container.Id, request.Stdin, request.Stdout, request.Stderr, request.Tty);
        var url = streaming.GetExecUrl(new CriEngine.Streaming.ExecRequest(container.Id, [.. request.Cmd], request.Tty, request.Stdin, request.Stdout, request.Stderr, request.AuditRequestId));
        return Task.FromResult(new ExecResponse { Url = url });
    }

    /// <summary>A container that has its process: running, or created (CRI-O lets exec and attach reach one that is not started yet).</summary>
    private ContainerRecord LiveContainer(string containerId)
    {
        if (containerId.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, "container ID is empty");
        var container = engine.Containers.Get(containerId, "container");
        if (container.State is not (ContainerPhase.Running or ContainerPhase.Created))
            throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id} is not created or running");
        return container;
    }

    /// <summary>The kubelet streaming server's rules: some stream asked for, and no stderr beside a terminal (which has one output).</summary>
    private static void ValidateStreams(string containerId, bool stdin, bool stdout, bool stderr, bool tty)
    {
        if (!stdin && !stdout && !stderr)
            throw new RpcException(StatusCode.InvalidArgument, $"container {containerId}: one of stdin, stdout, or stderr must be set");
        if (tty && stderr)
            throw new RpcException(StatusCode.InvalidArgument, $"container {containerId}: tty and stderr cannot both be true");
    }
}
