using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using CriEngine.Images.References;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.RegistryFixtures;

[Category("Integration")]
public sealed class TestRegistryTests
{
    private readonly List<IAsyncDisposable> _cleanup = [];

    [TearDown]
    public async Task TearDown()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
            await item.DisposeAsync();
        _cleanup.Clear();
    }

    [Test]
    public async Task Plain_registry_answers_v2_on_a_loopback_port()
    {
        var registry = await StartAsync();
        using var client = registry.CreateHttpClient();

        using var response = await client.GetAsync("/v2/");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Docker-Distribution-Api-Version"), Is.EqualTo(new[] { "registry/2.0" }));
            Assert.That(registry.Host, Is.EqualTo($"127.0.0.1:{registry.Port}"));
            Assert.That(registry.BaseUri.Scheme, Is.EqualTo("http"));
            Assert.That(registry.IsRunning, Is.True);
        });
    }

    [Test]
    public async Task Tls_registry_is_trusted_through_its_ca_only()
    {
        var registry = await StartAsync(new TestRegistryOptions { Tls = true });
        using var trusting = registry.CreateHttpClient();
        using var byName = new HttpClient(registry.Ca.CreateHttpHandler());
        using var untrusting = new HttpClient();

        using var response = await trusting.GetAsync("/v2/");
        using var viaLocalhost = await byName.GetAsync($"https://localhost:{registry.Port}/v2/");
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri(registry.BaseUri, "v2/")));

        Assert.Multiple(() =>
        {
            Assert.That(registry.BaseUri.Scheme, Is.EqualTo("https"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(viaLocalhost.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused!.InnerException, Is.InstanceOf<AuthenticationException>());
        });
    }

    [Test]
    public async Task Registry_demanding_a_client_certificate_refuses_clients_without_one()
    {
        var registry = await StartAsync(new TestRegistryOptions { RequireClientCertificate = true });
        using var withCertificate = registry.CreateHttpClient();
        using var withoutCertificate = new HttpClient(registry.Ca.CreateHttpHandler());

        using var response = await withCertificate.GetAsync("/v2/");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(registry.ClientCertificate, Is.Not.Null);
            Assert.ThrowsAsync<HttpRequestException>(() => withoutCertificate.GetAsync(new Uri(registry.BaseUri, "v2/")));
        });
    }

    [Test]
    public async Task Basic_auth_registry_refuses_requests_without_the_right_credentials()
    {
        var registry = await StartAsync(new TestRegistryOptions { BasicAuth = new TestCredentials("alice", "s3cret") });
        using var anonymous = registry.CreateHttpClient(authenticate: false);
        using var wrong = new HttpClient { BaseAddress = registry.BaseUri };
        wrong.DefaultRequestHeaders.Authorization = new("Basic", new TestCredentials("alice", "nope").BasicParameter);
        using var authenticated = registry.CreateHttpClient();

        using var refused = await anonymous.GetAsync("/v2/");
        using var refusedWrong = await wrong.GetAsync("/v2/");
        using var accepted = await authenticated.GetAsync("/v2/");

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refused.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
            Assert.That(refusedWrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Token_auth_registry_challenges_with_bearer_and_accepts_a_token_from_its_token_server()
    {
        var registry = await StartAsync(new TestRegistryOptions { TokenAuth = new TokenServerOptions() });
        var pushed = await registry.PushAsync("team/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        using var plain = new HttpClient { BaseAddress = registry.BaseUri };

        using var challenged = await plain.SendAsync(RegistryHttp.ManifestRequest("team/app", "v1"));
        var challenge = challenged.Headers.WwwAuthenticate.Single();
        var token = await FetchTokenAsync(plain, registry.TokenServer!, "repository:team/app:pull");
        using var withToken = RegistryHttp.ManifestRequest("team/app", "v1");
        withToken.Headers.Authorization = new("Bearer", token);
        using var accepted = await plain.SendAsync(withToken);

        Assert.Multiple(() =>
        {
            Assert.That(challenged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(challenge.Scheme, Is.EqualTo("Bearer"));
            Assert.That(challenge.Parameter, Does.Contain($"realm=\"{registry.TokenServer!.Realm}\""));
            Assert.That(challenge.Parameter, Does.Contain("service=\"criengine-test-registry\""));
            Assert.That(challenge.Parameter, Does.Contain("scope=\"repository:team/app:pull\""));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(accepted.Headers.GetValues("Docker-Content-Digest").Single(), Is.EqualTo(pushed.ManifestDigest.ToString()));
        });
    }

    [Test]
    public async Task Token_for_another_repository_is_refused()
    {
        var registry = await StartAsync(new TestRegistryOptions { TokenAuth = new TokenServerOptions() });
        await registry.PushAsync("team/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        using var plain = new HttpClient { BaseAddress = registry.BaseUri };

        var token = await FetchTokenAsync(plain, registry.TokenServer!, "repository:team/other:pull");
        using var request = RegistryHttp.ManifestRequest("team/app", "v1");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await plain.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Access_log_lists_the_requests_served_in_order()
    {
        var registry = await StartAsync();
        using var client = registry.CreateHttpClient();
        var missing = Digest.Of("nothing"u8);
        using (await client.GetAsync("/v2/"))
        {
        }
        var mark = await registry.Requests.MarkAsync();

        using (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/some/repo/blobs/{missing}?probe=1")))
        {
        }
        using (await client.GetAsync("/v2/some/repo/tags/list"))
        {
        }
        await registry.Requests.SettleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(registry.Requests.Snapshot().First(), Is.EqualTo(new AccessLogEntry("GET", "/v2/", "", 200)));
            Assert.That(registry.Requests.Since(mark), Is.EqualTo(new[]
            {
                new AccessLogEntry("HEAD", $"/v2/some/repo/blobs/{missing}", "probe=1", 404),
                new AccessLogEntry("GET", "/v2/some/repo/tags/list", "", 404),
            }));
        });
    }

    [Test]
    public async Task Blob_file_is_the_data_the_registry_serves()
    {
        var registry = await StartAsync();
        var layer = await TestLayer.FromEntriesAsync([TestLayerEntry.File("hello.txt", "hello\n")]);
        var pushed = await registry.PushAsync("corrupt/me", "v1", await new TestImageBuilder().WithLayer(layer).BuildAsync());
        using var client = registry.CreateHttpClient();
        var path = registry.BlobFile(layer.Digest);
        var corrupted = layer.Blob.ToArray();
        corrupted[^1] ^= 0xff;

        await File.WriteAllBytesAsync(path, corrupted);
        var served = await RegistryHttp.GetBlobAsync(client, "corrupt/me", pushed.Layers[0].Digest);

        Assert.Multiple(() =>
        {
            Assert.That(served, Is.EqualTo(corrupted));
            Assert.That(Digest.Of(served), Is.Not.EqualTo(layer.Digest));
        });
    }

    [Test]
    public async Task Stopped_registry_refuses_connections()
    {
        var registry = await StartAsync();
        using var client = registry.CreateHttpClient();

        await registry.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(registry.IsRunning, Is.False);
            Assert.That(ProcessIsGone(registry.Pid), Is.True);
            var refused = Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/v2/"));
            Assert.That(refused!.HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
        });
    }

    [Test]
    public async Task Dispose_kills_the_registry_and_its_token_server_and_removes_their_files()
    {
        var registry = await TestRegistry.StartAsync(new TestRegistryOptions { TokenAuth = new TokenServerOptions() });
        var pid = registry.Pid;
        var storage = registry.StorageDirectory;
        var caDirectory = registry.Ca.Directory;
        var realm = registry.TokenServer!.Realm;
        var goneBefore = ProcessIsGone(pid);

        await registry.DisposeAsync();
        using var client = new HttpClient();

        Assert.Multiple(() =>
        {
            Assert.That(goneBefore, Is.False);
            Assert.That(ProcessIsGone(pid), Is.True, $"docker-registry {pid} is still there");
            Assert.That(Directory.Exists(storage), Is.False);
            Assert.That(Directory.Exists(caDirectory), Is.False);
            Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(realm));
        });
    }

    [Test]
    public void Basic_and_token_auth_together_are_refused()
    {
        Assert.ThrowsAsync<ArgumentException>(() => TestRegistry.StartAsync(new TestRegistryOptions
        {
            BasicAuth = new TestCredentials("a", "b"),
            TokenAuth = new TokenServerOptions(),
        }));
    }

    /// <summary>A zombie still has a /proc entry: gone means reaped, not only killed.</summary>
    private static bool ProcessIsGone(int pid) => !Directory.Exists($"/proc/{pid}");

    private static async Task<string> FetchTokenAsync(HttpClient client, TokenServer tokenServer, string scope)
    {
        var uri = new Uri($"{tokenServer.Realm}?service={tokenServer.Options.Service}&scope={Uri.EscapeDataString(scope)}");
        using var response = await client.GetAsync(uri);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private async Task<TestRegistry> StartAsync(TestRegistryOptions? options = null)
    {
        var registry = await TestRegistry.StartAsync(options);
        _cleanup.Add(registry);
        return registry;
    }
}
