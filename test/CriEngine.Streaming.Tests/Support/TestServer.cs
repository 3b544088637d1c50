using CriEngine.TestSupport;
using Microsoft.Extensions.Logging;

namespace CriEngine.Streaming.Tests.Support;

/// <summary>A started streaming server on 127.0.0.1 with a <see cref="ProcessRuntime"/> behind it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(StreamingServer server, ProcessRuntime runtime)
    {
        Server = server;
        Runtime = runtime;
    }

    public StreamingServer Server { get; }

    public ProcessRuntime Runtime { get; }

    public static async Task<TestServer> StartAsync(StreamingServerOptions? options = null, TimeProvider? clock = null, IStreamingRuntime? runtime = null)
    {
        var processes = new ProcessRuntime();
        var server = new StreamingServer(options ?? new StreamingServerOptions(), runtime ?? processes, new TestLoggerFactory(LogLevel.Debug), clock ?? TimeProvider.System);
        await server.StartAsync(CancellationToken.None);
        return new TestServer(server, processes);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Runtime.DisposeAsync();
    }
}
