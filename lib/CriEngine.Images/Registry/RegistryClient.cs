using System.Net;
using System.Net.Http.Headers;
using CriEngine.Grpc;
using CriEngine.Images.Manifests;
using CriEngine.Images.References;
using CriEngine.Images.Registries;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Registry;

/// <summary>
/// Pulls manifests and blobs over the registry HTTP API v2 (OCI distribution spec). One per daemon:
/// thread-safe, pooling connections per endpoint, caching tokens. Every answer is checked against
/// its digest; transient failures (5xx, 429, dropped connections, timeouts) are retried with
/// exponential backoff, and a blob download that breaks off resumes where it stopped.
/// </summary>
/// <remarks>
/// Errors: Unavailable after the last attempt (naming the registry, the path and the last cause),
/// NotFound for a missing manifest or blob, Unauthenticated when authentication is refused,
/// PermissionDenied on 403, InvalidArgument for content that does not match its digest or size,
/// Unimplemented for Docker schema 1.
/// </remarks>
public sealed class RegistryClient : IDisposable
{
    private readonly RegistryClientOptions options;
    private readonly ILogger logger;
    private readonly RegistryTransport transport;
    private readonly RegistryAuthorizer authorizer;

    public RegistryClient(RegistryClientOptions options, ILogger logger)
    {
        this.options = options;
        this.logger = logger;
        transport = new RegistryTransport(options, logger);
        authorizer = new RegistryAuthorizer(transport, options);
    }

    /// <summary>
    /// The manifest for a tag or a digest. By digest, the content is checked against it; by tag,
    /// the digest is computed from the content and checked against Docker-Content-Digest if sent.
    /// </summary>
    public async Task<ManifestResponse> GetManifestAsync(
        RegistryEndpoint endpoint, string repository, string tagOrDigest, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var byDigest = Digest.TryParse(tagOrDigest, out var wanted);
        var what = $"manifest {endpoint.Host}/{repository}{(byDigest ? "@" : ":")}{tagOrDigest}";
        var request = new RegistryRequest(HttpMethod.Get, $"/v2/{repository}/manifests/{tagOrDigest}") { Accept = ManifestMediaTypes.Accepted };
        return await WithRetriesAsync(endpoint, request, async attempt =>
        {
            using var response = await SendAuthorizedAsync(endpoint, repository, request, credentials, what, attempt).ConfigureAwait(false);
            await EnsureSuccessAsync(response, endpoint, repository, credentials, what, attempt).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType is { } type ? ManifestMediaTypes.FromContentType(type) : "";
            // Schema 1 is refused before its digest is checked: a signed one's digest covers less than its bytes.
            if (ManifestMediaTypes.IsSchema1(mediaType))
                throw new RpcException(StatusCode.Unimplemented, $"{what} is {ManifestParser.Schema1Problem(mediaType)}");
            var content = await ReadManifestAsync(response, what, attempt).ConfigureAwait(false);
            return new ManifestResponse(content, mediaType, byDigest ? Verified(content, wanted, what) : DigestOfTagged(response, content, what));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A read-only stream of a blob that checks size and digest while it streams: a byte past
    /// <paramref name="size"/>, or at the end another size or digest, fails the read with
    /// InvalidArgument. Redirects to storage are followed; a download that breaks off resumes with
    /// a Range request (up to the retry count) or fails with Unavailable. The check completes when
    /// the stream is read to its end.
    /// </summary>
    public async Task<Stream> OpenBlobAsync(
        RegistryEndpoint endpoint, string repository, Digest digest, long size, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var name = $"blob {digest} in {endpoint.Host}/{repository}";
        var request = new RegistryRequest(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
        var body = await WithRetriesAsync(
            endpoint, request, attempt => OpenBodyAsync(endpoint, repository, request, credentials, name, attempt), cancellationToken).ConfigureAwait(false);
        var resuming = new ResumingBlobStream(
            body,
            size,
            (offset, token) => AttemptAsync(attempt => OpenBodyAsync(endpoint, repository, request with { RangeStart = offset }, credentials, name, attempt), token),
            options,
            endpoint.Host,
            name,
            logger);
        return new DigestVerifyingStream(resuming, digest, size, name);
    }

    private async Task<Stream> OpenBodyAsync(
        RegistryEndpoint endpoint, string repository, RegistryRequest request, RegistryCredentials? credentials, string name, CancellationToken cancellationToken)
    {
        var response = await SendAuthorizedAsync(endpoint, repository, request, credentials, name, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, endpoint, repository, credentials, name, cancellationToken).ConfigureAwait(false);
            if (request.RangeStart > 0 && (response.StatusCode != HttpStatusCode.PartialContent || response.Content.Headers.ContentRange?.From != request.RangeStart))
                throw new RpcException(
                    StatusCode.Unavailable,
                    $"{name}: connection lost at byte {request.RangeStart}, and the registry cannot resume (it answered {(int)response.StatusCode} "
                    + $"{response.Content.Headers.ContentRange?.ToString() ?? "without a Content-Range"} to Range: bytes={request.RangeStart}-)");
            // Disposing the body stream closes (or returns) the connection; the response holds nothing else.
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Sends with what the endpoint asked for last; on a 401, answers its challenge and sends once more.</summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        RegistryEndpoint endpoint, string repository, RegistryRequest request, RegistryCredentials? credentials, string what, CancellationToken cancellationToken)
    {
        var authorization = await authorizer.AuthorizationAsync(endpoint, repository, credentials, cancellationToken).ConfigureAwait(false);
        var response = await transport.SendAsync(endpoint, request with { Authorization = authorization }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;
        AuthenticationHeaderValue? answer;
        using (response)
        {
            answer = await authorizer.AnswerChallengeAsync(endpoint, repository, credentials, response, authorization, cancellationToken).ConfigureAwait(false);
            if (answer is null)
                throw await UnauthenticatedAsync(response, endpoint, credentials, what, cancellationToken).ConfigureAwait(false);
        }
        return await transport.SendAsync(endpoint, request with { Authorization = answer }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maps an answer that is not a success: retryable ones to <see cref="TransientRegistryFailure"/>, the rest to RpcException.</summary>
    private static async Task EnsureSuccessAsync(
        HttpResponseMessage response, RegistryEndpoint endpoint, string repository, RegistryCredentials? credentials, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw await UnauthenticatedAsync(response, endpoint, credentials, what, cancellationToken).ConfigureAwait(false);
        var status = await RegistryErrorBody.DescribeAsync(response, cancellationToken).ConfigureAwait(false);
        throw response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => new TransientRegistryFailure(status),
            HttpStatusCode.NotFound => new RpcException(StatusCode.NotFound, $"{what}: not found ({status})"),
            HttpStatusCode.Forbidden => new RpcException(StatusCode.PermissionDenied, $"{what}: registry {endpoint.Host} denied access to {repository} ({status})"),
            _ => new RpcException(StatusCode.InvalidArgument, $"{what}: registry {endpoint.Host} refused the request ({status})"),
        };
    }

    private static async Task<RpcException> UnauthenticatedAsync(
        HttpResponseMessage response, RegistryEndpoint endpoint, RegistryCredentials? credentials, string what, CancellationToken cancellationToken)
    {
        var status = await RegistryErrorBody.DescribeAsync(response, cancellationToken).ConfigureAwait(false);
        var refusal = credentials is null
            ? $"registry {endpoint.Host} requires authentication and no credentials were given"
            : $"registry {endpoint.Host} refused the credentials";
        return new RpcException(StatusCode.Unauthenticated, $"{what}: {refusal} ({status})");
    }

    private async Task<byte[]> ReadManifestAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var limit = options.ManifestSizeLimit;
        if (response.Content.Headers.ContentLength > limit)
            throw TooLarge(what, limit);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[(int)Math.Min(response.Content.Headers.ContentLength ?? 64 * 1024, limit) + 1];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                        throw TooLarge(what, limit);
                    Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, limit + 1L));
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    return buffer[..length];
                length += read;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new TransientRegistryFailure($"reading the manifest: {RegistryTransport.Cause(e)}", e);
        }
    }

    private static RpcException TooLarge(string what, int limit) =>
        new(StatusCode.InvalidArgument, $"{what}: larger than the {limit / 1024} KiB a manifest may have");

    private static Digest Verified(byte[] content, Digest expected, string what)
    {
        using var hash = expected.CreateHash();
        hash.AppendData(content);
        var actual = hash.GetHashAndReset();
        return expected.Matches(actual)
            ? expected
            : throw new RpcException(StatusCode.InvalidArgument, $"{what}: digest mismatch (got {expected.Algorithm}:{Convert.ToHexStringLower(actual)})");
    }

    private static Digest DigestOfTagged(HttpResponseMessage response, byte[] content, string what)
    {
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault()?.Trim(), out var announced))
            Verified(content, announced, $"{what} (Docker-Content-Digest {announced})");
        return Digest.Of(content);
    }

    private async Task<T> WithRetriesAsync<T>(RegistryEndpoint endpoint, RegistryRequest request, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var attempts = options.RetryCount + 1;
        for (var number = 1; ; number++)
        {
            try
            {
                return await AttemptAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientRegistryFailure e) when (number < attempts)
            {
                var delay = RetryBackoff.Delay(options.InitialBackoff, number);
                logger.Retrying(endpoint.Host, $"{request.Method} {request.Target}", e.Message, number + 1, attempts, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientRegistryFailure e)
            {
                throw new RpcException(
                    StatusCode.Unavailable, $"registry {endpoint.Host}: {request.Method} {request.Target}: {e.Message} (after {attempts} attempts)", e);
            }
        }
    }

    /// <summary>One attempt within the request timeout; running out of it is a transient failure, the caller's cancellation is not.</summary>
    private async Task<T> AttemptAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            return await attempt(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientRegistryFailure($"no answer within {options.RequestTimeout.TotalSeconds:g} s", e);
        }
    }

    public void Dispose() => transport.Dispose();
}
