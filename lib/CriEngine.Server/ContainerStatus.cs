using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.Server.Pods;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<ContainerStatusResponse> ContainerStatus(ContainerStatusRequest request, CallContext context)
    {
        var container = engine.Containers.Get(request.ContainerId, "container");
        var response = new ContainerStatusResponse { Status = ContainerStatusMapper.Status(container) };
        // From memory: a kubelet asks every second for every container.
        if ((container.User ?? await SpecFile.ReadUserAsync(container.Bundle, context.CancellationToken).ConfigureAwait(false)) is { } user)
        {
            var linux = new LinuxContainerUser { Uid = user.Uid, Gid = user.Gid };
            linux.SupplementalGroups.AddRange((user.AdditionalGids ?? []).Select(gid => (long)gid));
            response.Status.User = new ContainerUser { Linux = linux };
        }
        if (request.Verbose)
        {
            var privileged = ContainerStatusMapper.Config(container).Linux?.SecurityContext?.Privileged ?? false;
            response.Info.Add("info", await VerboseInfo.ContainerAsync(container, privileged, context.CancellationToken).ConfigureAwait(false));
        }
        return response;
    }
}
