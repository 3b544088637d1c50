using CriEngine.Api;
using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<UpdateRuntimeConfigResponse> UpdateRuntimeConfig(UpdateRuntimeConfigRequest request, CallContext context)
    {
        var cidr = request.RuntimeConfig?.NetworkConfig?.PodCidr ?? "";
        // An update without a CIDR keeps the one the kubelet gave before.
        if (cidr.Length > 0 && cidr != podNetwork.PodCidr)
        {
            logger.LogInformation("pod CIDR: {Old} -> {New}", podNetwork.PodCidr.Length == 0 ? "(none)" : podNetwork.PodCidr, cidr);
            podNetwork.PodCidr = cidr;
        }
        return Task.FromResult(new UpdateRuntimeConfigResponse());
    }
}
