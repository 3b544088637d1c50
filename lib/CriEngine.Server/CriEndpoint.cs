using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Grpc.Http2;
using CriEngine.Server.Inspect;
using CriEngine.Server.Telemetry;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server;

/// <summary>
/// The CRI socket, at <c>[crio.api] listen</c>: gRPC on the project's HTTP/2 server, and
/// CRI-O's HTTP/1.1 endpoints (<see cref="InspectEndpoints"/>) for clients that speak HTTP/1.1.
/// </summary>
public sealed class CriEndpoint
{
    private readonly UnixSocketServer _server;

    /// <param name="metrics">Counts and times every call, at this one place for all methods.</param>
    public CriEndpoint(CriService service, InspectEndpoints inspect, RuntimeMetrics metrics, ApiSection api, ILogger<CriEndpoint> logger)
    {
        var grpc = new GrpcServer(CriMethods.Build(service), new GrpcServerOptions
        {
            MaxReceiveMessageSize = (int)Math.Min(api.GrpcMaxRecvMsgSize, int.MaxValue),
            MaxSendMessageSize = (int)Math.Min(api.GrpcMaxSendMsgSize, int.MaxValue),
        }, logger, metrics.OperationRecorder);
        _server = new UnixSocketServer(api.Listen, grpc.HandleAsync, new Http2ServerOptions(), logger, inspect.HandleAsync);
    }

    public string SocketPath => _server.Path;

    public Task StartAsync() => _server.StartAsync();

    /// <summary>Stops accepting; calls in flight get <paramref name="drainTimeout"/> to finish.</summary>
    public Task StopAsync(TimeSpan drainTimeout) => _server.StopAsync(drainTimeout);
}
