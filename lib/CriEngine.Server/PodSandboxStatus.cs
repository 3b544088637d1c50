using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;
using Google.Protobuf;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<PodSandboxStatusResponse> PodSandboxStatus(PodSandboxStatusRequest request, CallContext context)
    {
        var pod = engine.Pods.Get(request.PodSandboxId, "pod sandbox");
        var response = new PodSandboxStatusResponse
        {
            Status = PodStatusMapper.Status(pod),
            // As CRI-O: when the status was taken, which the kubelet's evented PLEG compares with its cache.
            Timestamp = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100,
        };
        response.ContainersStatuses.AddRange(engine.Containers.Listed.Where(c => c.PodId == pod.Id).Select(ContainerStatusMapper.Status));
        if (request.Verbose)
        {
            response.Info.Add("info", await VerboseInfo.SandboxAsync(pod, engine.Directories.Bundle(pod.Id), context.CancellationToken).ConfigureAwait(false));
            // The v1 PodSandboxStatus has no field for a pod's resources: the last resize in force, its overhead included.
            if (pod.Resources is { } resources)
                response.Info.Add("resources", JsonFormatter.Default.Format(PodResourceSum.Of(UpdatePodSandboxResourcesRequest.Parser.ParseFrom(ByteString.FromBase64(resources)), $"pod {pod.Id}")));
        }
        return response;
    }
}
