using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.Server.Pods;
using Microsoft.Extensions.Logging;
using Google.Protobuf;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>
    /// Runs a command in a created or running container through the monitor's exec mode, on a
    /// terminal when the container has one (CRI-O passes the container's tty on). A command that
    /// outlives the timeout is killed and reaped before the answer, which is then exit code -1
    /// with stderr "command timed out", the shape the kubelet's prober expects.
    /// </summary>
    public async Task<ExecSyncResponse> ExecSync(Api.ExecSyncRequest request, CallContext context)
    {
        var container = LiveContainer(request.ContainerId);
        if (request.Cmd.Count == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"container {container.Id}: exec needs a command");
        var pod = engine.Pods.Get(container.PodId, "pod sandbox");
        var runner = new ExecSyncRunner(Engine.Engine.Runtime(pod), Engine.Engine.Monitor(pod), engine.Loggers.CreateLogger<ExecSyncRunner>());
        var timeout = request.Timeout > 0 ? TimeSpan.FromSeconds(request.Timeout) : Timeout.InfiniteTimeSpan;
        var result = await runner.RunAsync(
            new Oci.Monitor.ExecSyncRequest(container.Id, container.Name, container.Bundle, engine.Directories.AttachSockets, [.. request.Cmd], timeout)
            {
                Terminal = ContainerStatusMapper.Config(container).Tty,
                LogLevel = config.Current.Config.Runtime.LogLevel,
            },
            context.CancellationToken).ConfigureAwait(false);
        return new ExecSyncResponse { ExitCode = result.ExitCode, Stdout = ByteString.CopyFrom(result.Stdout), Stderr = ByteString.CopyFrom(result.Stderr) };
    }
}
