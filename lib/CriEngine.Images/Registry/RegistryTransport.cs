using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using CriEngine.Grpc;
using CriEngine.Images.Registries;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Registry;

/// <summary>
/// Sends requests to registries: picks the scheme (a secure endpoint is HTTPS only; an insecure one
/// tries HTTPS without certificate checks, then plain HTTP, and remembers what worked), follows
/// redirects without carrying the registry's Authorization to another host, logs every request,
/// and turns network failures into <see cref="TransientRegistryFailure"/> (worth a retry) or
/// RpcException (not).
/// </summary>
internal sealed class RegistryTransport(RegistryClientOptions options, ILogger logger) : IDisposable
{
    private const int MaxRedirects = 10;

    private readonly ConcurrentDictionary<RegistryEndpoint, EndpointConnections> connections = new();
    private readonly ConcurrentDictionary<RegistryEndpoint, string> workingSchemes = new();

    /// <summary>Docker Hub's API is not served on its registry name.</summary>
    public static string ApiHost(RegistryEndpoint endpoint) => endpoint.Host == "docker.io" ? "registry-1.docker.io" : endpoint.Host;

    /// <summary>Sends <paramref name="request"/> and returns the first response that is not a redirect.</summary>
    public async Task<HttpResponseMessage> SendAsync(RegistryEndpoint endpoint, RegistryRequest request, CancellationToken cancellationToken)
    {
        var pool = Connections(endpoint);
        if (request.IsAbsolute)
            return await SendFollowingRedirectsAsync(endpoint, pool, request, new Uri(request.Target), cancellationToken).ConfigureAwait(false);

        string[] schemes = !endpoint.Insecure ? ["https"]
            : workingSchemes.TryGetValue(endpoint, out var known) ? [known]
            : ["https", "http"];
        for (var i = 0; ; i++)
        {
            var uri = new Uri($"{schemes[i]}://{ApiHost(endpoint)}{request.Target}");
            try
            {
                var response = await SendFollowingRedirectsAsync(endpoint, pool, request, uri, cancellationToken).ConfigureAwait(false);
                if (endpoint.Insecure)
                    workingSchemes[endpoint] = schemes[i];
                return response;
            }
            catch (TransientRegistryFailure e) when (i + 1 < schemes.Length)
            {
                logger.FallingBackToHttp(endpoint.Host, e.Message);
            }
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(
        RegistryEndpoint endpoint, EndpointConnections pool, RegistryRequest request, Uri uri, CancellationToken cancellationToken)
    {
        var origin = uri;
        var method = request.Method;
        for (var redirects = 0; ; redirects++)
        {
            // The registry's credentials are for the registry: a storage URL it redirects to gets none.
            var authorization = SameOrigin(uri, origin) ? request.Authorization : null;
            var response = await SendOnceAsync(endpoint, pool, Build(request, method, uri, authorization), cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
                return response;
            response.Dispose();
            if (redirects == MaxRedirects)
                throw new RpcException(StatusCode.Unavailable, $"registry {endpoint.Host}: {method} {origin.AbsolutePath}: more than {MaxRedirects} redirects");
            if (response.StatusCode == HttpStatusCode.SeeOther)
                method = HttpMethod.Get;
            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(RegistryEndpoint endpoint, EndpointConnections pool, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var uri = message.RequestUri!;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await pool.Invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
            logger.Request(message.Method.Method, uri.Authority, uri.AbsolutePath, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var cause = Cause(e);
            logger.RequestFailed(message.Method.Method, uri.Authority, uri.AbsolutePath, Stopwatch.GetElapsedTime(started).TotalMilliseconds, cause);
            if (!endpoint.Insecure && uri.Scheme == "https" && e.InnerException is AuthenticationException)
                throw new RpcException(
                    StatusCode.Unavailable,
                    pool.LastCertificateRefusal is { } refusal
                        ? $"registry {endpoint.Host}: TLS: {refusal}"
                        : $"registry {endpoint.Host}: TLS handshake failed ({cause}); a registry that serves plain HTTP must be marked insecure",
                    e);
            throw new TransientRegistryFailure(cause, e);
        }
    }

    private HttpRequestMessage Build(RegistryRequest request, HttpMethod method, Uri uri, AuthenticationHeaderValue? authorization)
    {
        var message = new HttpRequestMessage(method, uri);
        message.Headers.UserAgent.ParseAdd(options.UserAgent);
        foreach (var mediaType in request.Accept)
            message.Headers.Accept.ParseAdd(mediaType);
        if (request.RangeStart > 0)
            message.Headers.Range = new RangeHeaderValue(request.RangeStart, null);
        message.Headers.Authorization = authorization;
        if (request.Form is not null && method == HttpMethod.Post)
            message.Content = new FormUrlEncodedContent(request.Form);
        return message;
    }

    /// <summary>The endpoint's pool, made again when its certs.d directory changed.</summary>
    private EndpointConnections Connections(RegistryEndpoint endpoint)
    {
        var directory = Path.Combine(options.CertsDirectory, endpoint.Host);
        var fingerprint = RegistryTlsFiles.Fingerprint(directory);
        if (connections.TryGetValue(endpoint, out var pool) && pool.TlsFingerprint == fingerprint)
            return pool;
        lock (connections)
        {
            if (connections.TryGetValue(endpoint, out pool) && pool.TlsFingerprint == fingerprint)
                return pool;
            // A replaced pool is not disposed: requests may still be reading from it. Its idle
            // connections close by themselves (PooledConnectionIdleTimeout).
            var fresh = new EndpointConnections(endpoint, directory, fingerprint, logger);
            connections[endpoint] = fresh;
            return fresh;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>The exception's message, with the inner one when the outer only points at it.</summary>
    public static string Cause(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
                message += ": " + inner.Message;
        return message;
    }

    public void Dispose()
    {
        foreach (var pool in connections.Values)
            pool.Dispose();
        connections.Clear();
    }
}
