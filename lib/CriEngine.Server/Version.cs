using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<VersionResponse> Version(VersionRequest request, CallContext context) =>
        Task.FromResult(new VersionResponse
        {
            Version = EngineInfo.KubeletApiVersion,
            RuntimeName = EngineInfo.RuntimeName,
            RuntimeVersion = EngineInfo.Version,
            RuntimeApiVersion = EngineInfo.RuntimeApiVersion,
        });
}
