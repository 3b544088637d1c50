using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CriEngine.Images.Tests.Registry;

/// <summary>
/// An HTTP server on 127.0.0.1 that answers every request as a script says, and records each
/// request's path and Authorization header: for what a real registry does that the test's
/// docker-registry cannot be made to do (redirect to storage, announce a wrong digest).
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, ScriptedResponse> _respond;
    private readonly Task _loop;

    public ScriptedHttpServer(Func<string, ScriptedResponse> respond)
    {
        _respond = respond;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = ServeAsync();
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<(string Path, string? Authorization)> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue((path, context.Request.Headers["Authorization"]));
            var response = _respond(path);
            context.Response.StatusCode = response.Status;
            foreach (var (name, value) in response.Headers)
                context.Response.Headers[name] = value;
            context.Response.ContentLength64 = response.Body.Length;
            await context.Response.OutputStream.WriteAsync(response.Body);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5));
    }
}

internal sealed record ScriptedResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body);
