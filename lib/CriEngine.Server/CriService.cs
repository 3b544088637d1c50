using CriEngine.Images;
using CriEngine.Server.Pods;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server;

/// <summary>
/// The CRI RuntimeService and ImageService. One file per RPC, as in CRI-O's server package:
/// each validates the request, calls the subsystem, maps the result.
/// </summary>
public sealed partial class CriService(
    LiveConfig config,
    PodNetworkSettings podNetwork,
    ImageManager images,
    Engine.Engine engine,
    PodLifecycle pods,
    ContainerLifecycle containers,
    StatsCollector stats,
    Metrics.PodMetrics metrics,
    CriEngine.Streaming.StreamingServer streaming,
    ILogger<CriService> logger)
{
}
