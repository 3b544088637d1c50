using System.Collections.Concurrent;
using CriEngine.Images.References;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// An HTTP/1.1 proxy on 127.0.0.1 in front of a <see cref="TestRegistry"/>, for fault tests.
/// It passes requests through (keeping the client's Host, so upload locations point back
/// at the proxy) and counts them; on demand it fails the next requests with an error status,
/// cuts the connection part way through the next response body, or answers a manifest of
/// its own. Its <see cref="Host"/> works as a registry location or mirror; it serves HTTPS
/// with a certificate from the registry's CA when the registry does.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "Expect", "Host",
    };

    private readonly Uri _upstream;
    private readonly HttpClient _client;
    private readonly Lock _lock = new();
    private readonly List<Pending> _failures = [];
    private readonly List<Pending> _cuts = [];
    private readonly ConcurrentDictionary<string, (byte[] Body, string MediaType, Digest Digest)> _manifests = new();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private LoopbackHttpServer? _server;

    private FaultProxy(TestRegistry registry)
    {
        _upstream = registry.BaseUri;
        _client = new HttpClient(registry.Ca.CreateHttpHandler(registry.ClientCertificate)) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary><c>127.0.0.1:PORT</c> of the proxy.</summary>
    public string Host => $"127.0.0.1:{Server.Port}";

    public int Port => Server.Port;

    public Uri BaseUri => Server.BaseUri;

    /// <summary>How many requests reached the proxy (recorded as the response starts).</summary>
    public int RequestCount => _requests.Count;

    public IReadOnlyList<ProxiedRequest> Requests => [.. _requests];

    private LoopbackHttpServer Server => _server ?? throw new InvalidOperationException("the proxy is not started");

    public static async Task<FaultProxy> StartAsync(TestRegistry registry)
    {
        var proxy = new FaultProxy(registry);
        try
        {
            var certificate = registry.Tls ? registry.Ca.IssueServerCertificate($"proxy-{Guid.NewGuid():N}").Certificate : null;
            proxy._server = await LoopbackHttpServer.StartAsync(proxy.HandleAsync, certificate);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>True for a blob path, <c>/v2/NAME/blobs/ALGORITHM:HEX</c> (not an upload).</summary>
    public static bool IsBlob(string path) => path.Contains("/blobs/sha256:", StringComparison.Ordinal) || path.Contains("/blobs/sha512:", StringComparison.Ordinal);

    /// <summary>True for a manifest path, <c>/v2/NAME/manifests/REFERENCE</c>.</summary>
    public static bool IsManifest(string path) => path.Contains("/manifests/", StringComparison.Ordinal);

    /// <summary>Answers the next <paramref name="count"/> requests whose path matches (all, if no predicate) with <paramref name="status"/>, without asking the registry.</summary>
    public void FailNext(int count, int status = StatusCodes.Status503ServiceUnavailable, Func<string, bool>? path = null)
    {
        lock (_lock)
            _failures.Add(new Pending(count, status, path ?? (_ => true)));
    }

    /// <summary>
    /// For the next <paramref name="count"/> GETs whose path matches (all, if no predicate):
    /// passes the status and headers (with the full Content-Length) and the first
    /// <paramref name="afterBytes"/> bytes of the body, then drops the connection.
    /// </summary>
    public void CutNext(long afterBytes, Func<string, bool>? path = null, int count = 1)
    {
        lock (_lock)
            _cuts.Add(new Pending(count, afterBytes, path ?? (_ => true)));
    }

    /// <summary>Drops the faults still pending.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _failures.Clear();
            _cuts.Clear();
        }
    }

    /// <summary>
    /// Answers GET and HEAD of the manifest <paramref name="repository"/>:<paramref name="reference"/>
    /// (and of its digest) with <paramref name="body"/> as <paramref name="mediaType"/>, in place of
    /// the registry: for manifests docker-registry refuses to store (schema 1, unknown media types).
    /// </summary>
    public Digest ServeManifest(string repository, string reference, byte[] body, string mediaType)
    {
        var digest = Digest.Of(body);
        _manifests[$"/v2/{repository}/manifests/{reference}"] = (body, mediaType, digest);
        _manifests[$"/v2/{repository}/manifests/{digest}"] = (body, mediaType, digest);
        return digest;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _client.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        var readOnly = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

        if (readOnly && _manifests.TryGetValue(path, out var manifest))
        {
            Record(request.Method, path, query, StatusCodes.Status200OK, ProxyFault.Served);
            context.Response.ContentType = manifest.MediaType;
            context.Response.ContentLength = manifest.Body.Length;
            context.Response.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
            if (HttpMethods.IsGet(request.Method))
                await context.Response.Body.WriteAsync(manifest.Body);
            return;
        }
        if (Take(_failures, path) is { } failure)
        {
            var status = (int)failure.Amount;
            Record(request.Method, path, query, status, ProxyFault.Failed);
            var body = System.Text.Encoding.UTF8.GetBytes($$"""{"errors":[{"code":"{{(status == 503 ? "UNAVAILABLE" : "UNKNOWN")}}","message":"fault injected by the test proxy"}]}""");
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
            return;
        }
        var cut = HttpMethods.IsGet(request.Method) ? Take(_cuts, path) : null;
        await ForwardAsync(context, target, path, query, cut?.Amount);
    }

    private async Task ForwardAsync(HttpContext context, string target, string path, string query, long? cutAfter)
    {
        var request = context.Request;
        using var upstream = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, target));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            upstream.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
                continue;
            if (!upstream.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                upstream.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        // The registry builds upload locations from Host: they must name the proxy.
        upstream.Headers.Host = request.Host.Value;

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(upstream, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            Record(request.Method, path, query, StatusCodes.Status502BadGateway, ProxyFault.None);
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                    context.Response.Headers[name] = values.ToArray();
            }
            if (cutAfter is not null)
                context.Response.Headers.Connection = "close";
            Record(request.Method, path, query, (int)response.StatusCode, cutAfter is null ? ProxyFault.None : ProxyFault.Cut);
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            try
            {
                if (cutAfter is { } limit)
                    await CutAsync(context, body, limit);
                else
                    await body.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
            {
                // The client went away mid-body.
            }
        }
    }

    private static async Task CutAsync(HttpContext context, Stream body, long limit)
    {
        var buffer = new byte[64 * 1024];
        var left = limit;
        while (left > 0)
        {
            var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), context.RequestAborted);
            if (read == 0)
                break;
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            left -= read;
        }
        // Returning with fewer bytes than the Content-Length makes Kestrel send what was
        // written and close the connection; aborting instead would drop bytes still queued.
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private void Record(string method, string path, string query, int status, ProxyFault fault) =>
        _requests.Enqueue(new ProxiedRequest(method, path, query, status, fault));

    private Pending? Take(List<Pending> pending, string path)
    {
        lock (_lock)
        {
            var match = pending.FirstOrDefault(p => p.Matches(path));
            if (match is null)
                return null;
            if (--match.Remaining == 0)
                pending.Remove(match);
            return match;
        }
    }

    /// <summary>A fault still to happen <see cref="Remaining"/> times: its status, or the bytes to pass before a cut.</summary>
    private sealed class Pending(int count, long amount, Func<string, bool> matches)
    {
        public int Remaining { get; set; } = count;

        public long Amount { get; } = amount;

        public bool Matches(string path) => matches(path);
    }
}
