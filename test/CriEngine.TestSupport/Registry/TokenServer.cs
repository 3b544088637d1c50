using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// A Docker registry token service on 127.0.0.1 (distribution's token auth, as docker-registry
/// 2.8's <c>auth.token</c> verifies it). <c>GET /token?service=S&amp;scope=repository:NAME:pull,push</c>
/// answers <c>{"token", "access_token", "expires_in", "issued_at"}</c> with an ES256 JWT: claims
/// iss, sub (the username, if any), aud (the service asked for), exp, nbf, iat, jti and
/// <c>access</c> granting every scope asked for; its header carries the signing certificate
/// as <c>x5c</c>, issued by the CA the registry's <c>rootcertbundle</c> names. With
/// <see cref="TokenServerOptions.Credentials"/> set, a request without those basic credentials
/// gets 401 with a Basic challenge. Plain HTTP; every request is recorded.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    private readonly X509Certificate2 _signingCertificate;
    private readonly ECDsa _signingKey;
    private readonly ConcurrentQueue<TokenRequest> _requests = new();
    private LoopbackHttpServer? _server;

    private TokenServer(TestCertificateAuthority ca, TokenServerOptions options)
    {
        Options = options;
        RootCertificateBundle = ca.CertificatePath;
        _signingCertificate = ca.IssueSigningCertificate("token-signing").Certificate;
        _signingKey = _signingCertificate.GetECDsaPrivateKey()!;
    }

    public TokenServerOptions Options { get; }

    /// <summary>The token endpoint, <c>http://127.0.0.1:PORT/token</c>: the realm of the registry's challenge.</summary>
    public Uri Realm => new(Server.BaseUri, "token");

    /// <summary>The PEM file of the CA that issued the signing certificate: the registry's <c>rootcertbundle</c>.</summary>
    public string RootCertificateBundle { get; }

    /// <summary>The requests answered so far, in order.</summary>
    public IReadOnlyList<TokenRequest> Requests => [.. _requests];

    private LoopbackHttpServer Server => _server ?? throw new InvalidOperationException("the token server is not started");

    public static async Task<TokenServer> StartAsync(TestCertificateAuthority ca, TokenServerOptions? options = null)
    {
        var tokenServer = new TokenServer(ca, options ?? new TokenServerOptions());
        tokenServer._server = await LoopbackHttpServer.StartAsync(tokenServer.HandleAsync);
        return tokenServer;
    }

    /// <summary>A signed token for <paramref name="scopes"/> (<c>repository:NAME:pull,push</c>), as the endpoint issues it.</summary>
    public string IssueToken(IEnumerable<string> scopes, string? subject = null, string? service = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_signingCertificate.RawData)),
        };
        var claims = new JsonObject
        {
            ["iss"] = Options.Issuer,
            ["sub"] = subject ?? "",
            ["aud"] = service ?? Options.Service,
            ["exp"] = now + (long)Options.Lifetime.TotalSeconds,
            ["nbf"] = now,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = new JsonArray([.. scopes.Select(Access).OfType<JsonNode>()]),
        };
        var signed = Base64Url.EncodeToString(JsonBytes.Of(header)) + "." + Base64Url.EncodeToString(JsonBytes.Of(claims));
        // ES256 wants the raw r||s signature (IEEE P1363), which is what SignData gives by default.
        var signature = _signingKey.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256);
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _signingKey.Dispose();
        _signingCertificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path != "/token" || !HttpMethods.IsGet(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var service = request.Query["service"].ToString() is { Length: > 0 } s ? s : null;
        var scopes = request.Query["scope"]
            .SelectMany(value => (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var credentials = BasicCredentials(request.Headers.Authorization.ToString());
        var issued = Options.Credentials is null || credentials == Options.Credentials;
        _requests.Enqueue(new TokenRequest(service, scopes, credentials?.Username, issued));
        if (!issued)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"criengine-test-token-server\"";
            await WriteJsonAsync(context.Response, new JsonObject { ["details"] = credentials is null ? "credentials required" : "wrong credentials" });
            return;
        }
        var token = IssueToken(scopes, credentials?.Username, service);
        await WriteJsonAsync(context.Response, new JsonObject
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = (long)Options.Lifetime.TotalSeconds,
            ["issued_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
    }

    private static async Task WriteJsonAsync(HttpResponse response, JsonObject body)
    {
        var bytes = JsonBytes.Of(body);
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    private static TestCredentials? BasicCredentials(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var value)
            || !value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            || value.Parameter is null)
            return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            var colon = text.IndexOf(':');
            return colon < 0 ? null : new TestCredentials(text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary><c>TYPE:NAME:ACTIONS</c> (the name may hold colons, e.g. a port) as a claim's access entry.</summary>
    private static JsonObject? Access(string scope)
    {
        var first = scope.IndexOf(':');
        var last = scope.LastIndexOf(':');
        if (first < 0 || last == first)
            return null;
        return new JsonObject
        {
            ["type"] = scope[..first],
            ["name"] = scope[(first + 1)..last],
            ["actions"] = new JsonArray([.. scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => (JsonNode?)a)]),
        };
    }
}
