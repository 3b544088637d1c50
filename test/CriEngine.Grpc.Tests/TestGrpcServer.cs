using CriEngine.Grpc.Http1;
using CriEngine.Grpc.Http2;
using CriEngine.TestSupport;

namespace CriEngine.Grpc.Tests;

/// <summary>The project's HTTP/2 and gRPC servers on a socket in a temporary directory.</summary>
internal sealed class TestGrpcServer : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly UnixSocketServer _server;

    private TestGrpcServer(TempDirectory directory, UnixSocketServer server)
    {
        _directory = directory;
        _server = server;
    }

    public string SocketPath => _server.Path;

    public static async Task<TestGrpcServer> StartAsync(GrpcMethodTable methods, GrpcServerOptions? grpc = null, Http2ServerOptions? http2 = null,
        Func<Http1Request, CancellationToken, Task<Http1Response>>? http1 = null)
    {
        var directory = new TempDirectory();
        var logger = new TestLogger();
        var grpcServer = new GrpcServer(methods, grpc ?? new GrpcServerOptions(), logger);
        var server = new UnixSocketServer(directory.Combine("run", "test.sock"), grpcServer.HandleAsync, http2 ?? new Http2ServerOptions(), logger, http1);
        await server.StartAsync();
        return new TestGrpcServer(directory, server);
    }

    public GrpcClient Client(int connections = 1) => new(SocketPath, connections);

    public Task StopAsync(TimeSpan drain) => _server.StopAsync(drain);

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(TimeSpan.FromSeconds(1));
        _directory.Dispose();
    }
}
