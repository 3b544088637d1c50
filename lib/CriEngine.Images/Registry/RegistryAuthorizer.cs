using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Images.Registries;

namespace CriEngine.Images.Registry;

/// <summary>
/// The Authorization header for registry requests. It remembers each endpoint's last challenge so
/// later requests authenticate up front, answers Bearer challenges with tokens from the realm
/// (docker token spec: GET with basic credentials, or the OAuth2 refresh-token POST with an
/// identity token) and caches them per endpoint, scope and credentials until they expire, and
/// answers Basic challenges with the credentials. A registry token is sent as Bearer as it is.
/// </summary>
internal sealed class RegistryAuthorizer(RegistryTransport transport, RegistryClientOptions options)
{
    private const int LongestTokenResponse = 1024 * 1024;
    private static readonly TimeSpan ShortestTokenLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<RegistryEndpoint, AuthChallenge> challenges = new();
    private readonly ConcurrentDictionary<TokenKey, Lazy<Task<BearerToken>>> tokens = new();

    /// <summary>What to send before the registry has said anything: an answer to its last challenge, if any.</summary>
    public async Task<AuthenticationHeaderValue?> AuthorizationAsync(
        RegistryEndpoint endpoint, string repository, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(credentials?.RegistryToken))
            return new AuthenticationHeaderValue("Bearer", credentials.RegistryToken);
        if (!challenges.TryGetValue(endpoint, out var challenge))
            return null;
        return await AnswerAsync(endpoint, challenge, repository, credentials, rejected: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers the challenge of a 401. Null when there is nothing to send that was not refused
    /// already: no credentials for Basic, or a scheme this client does not speak.
    /// </summary>
    public async Task<AuthenticationHeaderValue?> AnswerChallengeAsync(
        RegistryEndpoint endpoint, string repository, RegistryCredentials? credentials,
        HttpResponseMessage unauthorized, AuthenticationHeaderValue? sent, CancellationToken cancellationToken)
    {
        var offered = unauthorized.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values)
            ? AuthChallenge.Parse(values)
            : [];
        var challenge = offered.FirstOrDefault(c => c.IsBearer && c.Parameter("realm") is not null) ?? offered.FirstOrDefault(c => c.IsBasic);
        if (challenge is null || !string.IsNullOrEmpty(credentials?.RegistryToken))
            return null;
        challenges[endpoint] = challenge;
        var answer = await AnswerAsync(endpoint, challenge, repository, credentials, sent, cancellationToken).ConfigureAwait(false);
        return answer is not null && answer.ToString() == sent?.ToString() ? null : answer;
    }

    private async Task<AuthenticationHeaderValue?> AnswerAsync(
        RegistryEndpoint endpoint, AuthChallenge challenge, string repository, RegistryCredentials? credentials,
        AuthenticationHeaderValue? rejected, CancellationToken cancellationToken)
    {
        if (challenge.IsBasic)
            return credentials is { HasUsername: true } ? Basic(credentials) : null;
        var key = new TokenKey(endpoint, challenge.Parameter("realm")!, challenge.Parameter("service"), $"repository:{repository}:pull", credentials);
        var token = await TokenAsync(key, rejected?.Parameter, cancellationToken).ConfigureAwait(false);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>
    /// A cached token unless expired or the one just refused; concurrent callers share one fetch.
    /// The fetch runs on its own deadline, not a caller's, since others may be waiting for it. A
    /// token fetched to replace another is used as it is: asking again could not do better.
    /// </summary>
    private async Task<string> TokenAsync(TokenKey key, string? refused, CancellationToken cancellationToken)
    {
        for (var replaced = false; ; replaced = true)
        {
            var entry = tokens.GetOrAdd(key, static (key, self) => new Lazy<Task<BearerToken>>(() => self.FetchAsync(key)), this);
            if (entry.Value.IsFaulted || entry.Value.IsCanceled)
                tokens.TryRemove(KeyValuePair.Create(key, entry));
            else
            {
                var token = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (replaced || (token.Value != refused && token.ExpiresAt - ExpiryMargin > DateTimeOffset.UtcNow))
                    return token.Value;
                tokens.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private async Task<BearerToken> FetchAsync(TokenKey key)
    {
        using var timeout = new CancellationTokenSource(options.RequestTimeout);
        var request = TokenRequest(key);
        HttpResponseMessage response;
        try
        {
            response = await transport.SendAsync(key.Endpoint, request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TransientRegistryFailure($"token server {new Uri(key.Realm).Authority}: no answer within {options.RequestTimeout.TotalSeconds:g} s");
        }
        using (response)
        {
            var server = $"token server {new Uri(key.Realm).Authority}";
            if (!response.IsSuccessStatusCode)
            {
                var status = await RegistryErrorBody.DescribeAsync(response, timeout.Token).ConfigureAwait(false);
                if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
                    throw new TransientRegistryFailure($"{server}: {status}");
                throw new RpcException(
                    StatusCode.Unauthenticated,
                    $"registry {key.Endpoint.Host}: {server} refused {(key.Credentials is null ? "an anonymous token" : "the credentials")} for {key.Scope} ({status})");
            }
            try
            {
                var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                var buffer = new byte[LongestTokenResponse];
                var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, timeout.Token).ConfigureAwait(false);
                return ParseToken(buffer.AsSpan(0, length)) ?? throw new RpcException(StatusCode.Unavailable, $"registry {key.Endpoint.Host}: {server} sent no token");
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new TransientRegistryFailure($"{server}: {RegistryTransport.Cause(e)}", e);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TransientRegistryFailure($"{server}: no answer within {options.RequestTimeout.TotalSeconds:g} s");
            }
            catch (JsonException e)
            {
                throw new RpcException(StatusCode.Unavailable, $"registry {key.Endpoint.Host}: {server} sent a malformed answer: {e.Message}");
            }
        }
    }

    private static RegistryRequest TokenRequest(TokenKey key)
    {
        var credentials = key.Credentials;
        if (!string.IsNullOrEmpty(credentials?.IdentityToken))
        {
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = credentials.IdentityToken,
                ["client_id"] = "criengine",
                ["scope"] = key.Scope,
            };
            if (key.Service is not null)
                form["service"] = key.Service;
            return new RegistryRequest(HttpMethod.Post, key.Realm) { Form = form };
        }
        var query = new StringBuilder(key.Realm).Append(key.Realm.Contains('?') ? '&' : '?');
        if (key.Service is not null)
            query.Append("service=").Append(Uri.EscapeDataString(key.Service)).Append('&');
        query.Append("scope=").Append(Uri.EscapeDataString(key.Scope));
        return new RegistryRequest(HttpMethod.Get, query.ToString())
        {
            Authorization = credentials is { HasUsername: true } ? Basic(credentials) : null,
        };
    }

    /// <summary>
    /// <c>token</c> (or OAuth2's <c>access_token</c>), valid for <c>expires_in</c> seconds (at least
    /// 60, the spec's default). The lifetime counts from now rather than from <c>issued_at</c>, so
    /// that a token server whose clock is off does not make every token look expired.
    /// </summary>
    private static BearerToken? ParseToken(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        var value = String(root, "token") ?? String(root, "access_token");
        if (string.IsNullOrEmpty(value))
            return null;
        var lifetime = root.TryGetProperty("expires_in", out var seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt32(out var s)
            ? TimeSpan.FromSeconds(s)
            : ShortestTokenLifetime;
        return new BearerToken(value, DateTimeOffset.UtcNow + (lifetime > ShortestTokenLifetime ? lifetime : ShortestTokenLifetime));
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static AuthenticationHeaderValue Basic(RegistryCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));

    private sealed record TokenKey(RegistryEndpoint Endpoint, string Realm, string? Service, string Scope, RegistryCredentials? Credentials);

    private sealed record BearerToken(string Value, DateTimeOffset ExpiresAt);
}
