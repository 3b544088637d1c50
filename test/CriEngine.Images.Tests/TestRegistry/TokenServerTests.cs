using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.RegistryFixtures;

[Category("Integration")]
public sealed class TokenServerTests
{
    private TempDirectory _directory = null!;
    private TestCertificateAuthority _ca = null!;
    private TokenServer _server = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new TempDirectory("criengine-token");
        _ca = TestCertificateAuthority.Create(_directory.Path);
        _server = await TokenServer.StartAsync(_ca, new TokenServerOptions { Credentials = new TestCredentials("frank", "pw"), Lifetime = TimeSpan.FromMinutes(2) });
        _client = new HttpClient();
    }

    [TearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _ca.Dispose();
        _directory.Dispose();
    }

    [Test]
    public async Task Token_server_demands_its_credentials_and_records_each_request()
    {
        var uri = new Uri($"{_server.Realm}?service=svc&scope=repository:a/b:pull");

        using var refused = await _client.GetAsync(uri);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new("Basic", new TestCredentials("frank", "pw").BasicParameter);
        using var issued = await _client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refused.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
            Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_server.Requests, Is.EqualTo(new[]
            {
                new TokenRequest("svc", ["repository:a/b:pull"], null, false),
                new TokenRequest("svc", ["repository:a/b:pull"], "frank", true),
            }).Using<TokenRequest>((x, y) => x.Service == y.Service && x.Scopes.SequenceEqual(y.Scopes) && x.Username == y.Username && x.Issued == y.Issued));
        });
    }

    [Test]
    public async Task Token_is_a_jwt_with_the_claims_docker_registry_checks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_server.Realm}?service=svc&scope=repository:a/b:pull,push&scope=repository:c:pull");
        request.Headers.Authorization = new("Basic", new TestCredentials("frank", "pw").BasicParameter);

        using var response = await _client.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString()!;
        var parts = token.Split('.');
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var signer = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(header.RootElement.GetProperty("x5c")[0].GetString()!));
        var access = claims.RootElement.GetProperty("access").EnumerateArray().ToList();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.Multiple(() =>
        {
            Assert.That(body.RootElement.GetProperty("access_token").GetString(), Is.EqualTo(token));
            Assert.That(body.RootElement.GetProperty("expires_in").GetInt32(), Is.EqualTo(120));
            Assert.That(header.RootElement.GetProperty("alg").GetString(), Is.EqualTo("ES256"));
            Assert.That(signer.Issuer, Is.EqualTo(_ca.Certificate.Subject));
            Assert.That(signer.GetECDsaPublicKey()!.VerifyData(System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), System.Security.Cryptography.HashAlgorithmName.SHA256), Is.True);
            Assert.That(claims.RootElement.GetProperty("iss").GetString(), Is.EqualTo(_server.Options.Issuer));
            Assert.That(claims.RootElement.GetProperty("sub").GetString(), Is.EqualTo("frank"));
            Assert.That(claims.RootElement.GetProperty("aud").GetString(), Is.EqualTo("svc"));
            Assert.That(claims.RootElement.GetProperty("exp").GetInt64(), Is.InRange(now + 100, now + 130));
            Assert.That(claims.RootElement.GetProperty("nbf").GetInt64(), Is.InRange(now - 10, now));
            Assert.That(claims.RootElement.GetProperty("jti").GetString(), Is.Not.Empty);
            Assert.That(access.Select(a => (a.GetProperty("type").GetString(), a.GetProperty("name").GetString(), string.Join(',', a.GetProperty("actions").EnumerateArray().Select(x => x.GetString())))),
                Is.EqualTo(new[] { ("repository", "a/b", "pull,push"), ("repository", "c", "pull") }));
        });
    }
}
