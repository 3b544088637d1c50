using System.IO.Pipelines;
using System.Net.Sockets;
using CriEngine.Grpc.Http1;
using Microsoft.Extensions.Logging;

namespace CriEngine.Grpc.Http2;

/// <summary>
/// Serves HTTP/2 with prior knowledge on a unix socket: one <see cref="Http2Connection"/> per
/// accepted client, and, given an HTTP/1.1 handler, one HTTP/1.1 request per client that does
/// not open with the HTTP/2 preface (see <see cref="AcceptedConnection"/>). The socket file is
/// created with mode 0660, its parent directory made if missing, a stale socket left by an
/// earlier process replaced, and the file removed on stop.
/// </summary>
public sealed class UnixSocketServer : IAsyncDisposable
{
    private readonly string _path;
    private readonly Func<Http2Stream, Task> _handler;
    private readonly Func<Http1Request, CancellationToken, Task<Http1Response>>? _http1Handler;
    private readonly Http2ServerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<AcceptedConnection, Task> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _nextConnection;

    public UnixSocketServer(string path, Func<Http2Stream, Task> handler, Http2ServerOptions options, ILogger logger,
        Func<Http1Request, CancellationToken, Task<Http1Response>>? http1Handler = null)
    {
        _path = path;
        _handler = handler;
        _http1Handler = http1Handler;
        _options = options;
        _logger = logger;
    }

    public string Path => _path;

    /// <summary>Binds and listens; when this returns, clients can connect.</summary>
    public async Task StartAsync()
    {
        await UnixSocketPath.PrepareAsync(_path).ConfigureAwait(false);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(_path));
            File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        _acceptLoop = AcceptAsync(listener);
    }

    /// <summary>
    /// Stops accepting, sends GOAWAY on every connection, lets the calls in flight finish
    /// within <paramref name="drainTimeout"/>, then closes everything and removes the socket.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (_listener is null)
            return;
        _stopping.Cancel();
        _listener.Dispose();
        if (_acceptLoop is not null)
            await _acceptLoop.ConfigureAwait(false);

        KeyValuePair<AcceptedConnection, Task>[] connections;
        lock (_lock)
            connections = [.. _connections];
        await Task.WhenAll(connections.Select(c => c.Key.ShutdownAsync(drainTimeout))).ConfigureAwait(false);
        await Task.WhenAll(connections.Select(c => c.Value)).ConfigureAwait(false);
        UnixSocketPath.Remove(_path);
        _listener = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero).ConfigureAwait(false);

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of fds and the like: keep serving the connections we have, retry shortly.
                _logger.LogWarning("accept on {Socket} failed: {Reason}", _path, e.Message);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            Serve(client);
        }
    }

    private void Serve(Socket client)
    {
        var name = $"{System.IO.Path.GetFileName(_path)}#{Interlocked.Increment(ref _nextConnection)}";
        var stream = new NetworkStream(client, ownsSocket: true);
        var transport = new SocketTransport(
            PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 << 10, leaveOpen: true)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        var connection = new AcceptedConnection(transport, _handler, _http1Handler, _options, _logger, name);
        lock (_lock)
        {
            var run = RunAsync(connection, stream);
            if (!run.IsCompleted)
                _connections[connection] = run;
        }
    }

    private async Task RunAsync(AcceptedConnection connection, NetworkStream stream)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            lock (_lock)
                _connections.Remove(connection);
        }
    }

    private sealed record SocketTransport(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
