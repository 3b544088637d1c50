using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<RuntimeConfigResponse> RuntimeConfig(RuntimeConfigRequest request, CallContext context) =>
        Task.FromResult(new RuntimeConfigResponse
        {
            Linux = new LinuxRuntimeConfiguration
            {
                CgroupDriver = config.Current.Config.Runtime.CgroupManager == CgroupManagers.Systemd ? CgroupDriver.Systemd : CgroupDriver.Cgroupfs,
            },
        });
}
