using System.Net;
using System.Net.Sockets;
using CriEngine.Images.References;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.RegistryFixtures;

[Category("Integration")]
public sealed class FaultProxyTests
{
    private TestRegistry _registry = null!;
    private FaultProxy _proxy = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _registry = await TestRegistry.StartAsync();
        _proxy = await FaultProxy.StartAsync(_registry);
        _client = new HttpClient { BaseAddress = _proxy.BaseUri };
    }

    [TearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [Test]
    public async Task Proxy_passes_requests_through_and_counts_them()
    {
        var pushed = await _registry.PushAsync("through/proxy", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());

        var manifest = await RegistryHttp.GetManifestAsync(_client, "through/proxy", "v1");
        var layer = await RegistryHttp.GetBlobAsync(_client, "through/proxy", pushed.Layers[0].Digest);
        await _registry.Requests.SettleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest.ToString()));
            Assert.That(Digest.Of(layer), Is.EqualTo(pushed.Layers[0].Digest));
            Assert.That(_proxy.RequestCount, Is.EqualTo(2));
            Assert.That(_proxy.Requests.Select(r => (r.Method, r.Status, r.Fault)), Is.All.EqualTo(("GET", 200, ProxyFault.None)));
            Assert.That(_registry.Requests.Snapshot().TakeLast(2).Select(r => r.Path), Is.EqualTo(_proxy.Requests.Select(r => r.Path)));
        });
    }

    [Test]
    public async Task Skopeo_pulls_through_the_proxy_as_through_a_registry()
    {
        var pushed = await _registry.PushAsync("via/proxy", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        using var directory = new TempDirectory("criengine-skopeo");

        await Skopeo.CopyToOciLayoutAsync(directory, $"{_proxy.Host}/via/proxy:v1", "--src-tls-verify=false");

        Assert.That(_proxy.Requests.Where(r => r.Method == "GET" && r.Status == 200).Select(r => r.Path), Is.SupersetOf(new[]
        {
            "/v2/via/proxy/manifests/v1",
            $"/v2/via/proxy/blobs/{pushed.ConfigDigest}",
            $"/v2/via/proxy/blobs/{pushed.Layers[0].Digest}",
        }));
    }

    [Test]
    public async Task Pushes_through_the_proxy_upload_to_the_registry_behind_it()
    {
        var image = await new TestImageBuilder().WithLayer(TestLayerEntry.File("p.txt", "p")).BuildAsync();
        using var viaProxy = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _proxy.BaseUri };

        using (var start = await viaProxy.PostAsync("/v2/up/load/blobs/uploads/", null))
        {
            Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(start.Headers.Location!.Authority, Is.EqualTo(_proxy.Host), "the upload location names the proxy");
            var put = new UriBuilder(start.Headers.Location) { Query = start.Headers.Location.Query.TrimStart('?') + "&digest=" + image.Layers[0].Digest };
            using var done = await viaProxy.PutAsync(put.Uri, new ReadOnlyMemoryContent(image.Layers[0].Blob));
            Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var registryClient = _registry.CreateHttpClient();

        Assert.That(await RegistryHttp.GetBlobAsync(registryClient, "up/load", image.Layers[0].Digest), Is.EqualTo(image.Layers[0].Blob.ToArray()));
    }

    [Test]
    public async Task Proxy_fails_the_next_requests_with_the_status_asked()
    {
        _proxy.FailNext(2);
        _proxy.FailNext(1, 500);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await _client.GetAsync("/v2/");
            statuses.Add((int)response.StatusCode);
        }
        await _registry.Requests.SettleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { 503, 503, 500, 200 }));
            Assert.That(_proxy.Requests.Select(r => r.Fault), Is.EqualTo(new[] { ProxyFault.Failed, ProxyFault.Failed, ProxyFault.Failed, ProxyFault.None }));
            Assert.That(_registry.Requests.Count, Is.EqualTo(1), "failed requests never reach the registry");
        });
    }

    [Test]
    public async Task Proxy_fails_only_requests_whose_path_matches()
    {
        var pushed = await _registry.PushAsync("only/blobs", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        _proxy.FailNext(1, 503, FaultProxy.IsBlob);

        var manifest = await RegistryHttp.GetManifestAsync(_client, "only/blobs", "v1");
        using var failed = await _client.GetAsync($"/v2/only/blobs/blobs/{pushed.ConfigDigest}");
        using var retried = await _client.GetAsync($"/v2/only/blobs/blobs/{pushed.ConfigDigest}");

        Assert.Multiple(() =>
        {
            Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest.ToString()));
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [TestCase(1)]
    [TestCase(100_000)]
    [TestCase(700_000)]
    public async Task Proxy_cuts_a_blob_download_after_the_bytes_asked(int bytes)
    {
        var pushed = await _registry.PushAsync("cut/blob", "v1", await new TestImageBuilder().WithRandomLayer(1).BuildAsync());
        var layer = pushed.Layers[0];
        _proxy.CutNext(bytes, FaultProxy.IsBlob);

        using var response = await _client.GetAsync($"/v2/cut/blob/blobs/{layer.Digest}", HttpCompletionOption.ResponseHeadersRead);
        var received = new MemoryStream();
        var broken = Assert.CatchAsync(async () => await (await response.Content.ReadAsStreamAsync()).CopyToAsync(received));
        var again = await RegistryHttp.GetBlobAsync(_client, "cut/blob", layer.Digest);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(layer.Size));
            Assert.That(broken, Is.InstanceOf<IOException>().Or.InstanceOf<HttpRequestException>());
            Assert.That(received.Length, Is.EqualTo(bytes));
            Assert.That(received.ToArray(), Is.EqualTo(pushed.Image.Layers[0].Blob[..bytes].ToArray()));
            Assert.That(Digest.Of(again), Is.EqualTo(layer.Digest), "only the next matching request is cut");
            Assert.That(_proxy.Requests.Select(r => r.Fault), Is.EqualTo(new[] { ProxyFault.Cut, ProxyFault.None }));
        });
    }

    [Test]
    public async Task Proxy_serves_a_manifest_the_registry_would_refuse()
    {
        var schema1 = """{"schemaVersion":1,"name":"old/image","tag":"v1","architecture":"amd64","fsLayers":[],"history":[]}"""u8.ToArray();

        var digest = _proxy.ServeManifest("old/image", "v1", schema1, TestMediaTypes.DockerSchema1Signed);
        var byTag = await RegistryHttp.GetManifestAsync(_client, "old/image", "v1");
        var byDigest = await RegistryHttp.GetManifestAsync(_client, "old/image", digest.ToString());
        using var head = await _client.SendAsync(RegistryHttp.ManifestRequest("old/image", "v1", HttpMethod.Head));

        Assert.Multiple(() =>
        {
            Assert.That(byTag.Body, Is.EqualTo(schema1));
            Assert.That(byTag.MediaType, Is.EqualTo(TestMediaTypes.DockerSchema1Signed));
            Assert.That(byTag.Digest, Is.EqualTo(Digest.Of(schema1).ToString()));
            Assert.That(byDigest.Body, Is.EqualTo(schema1));
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(schema1.Length));
            Assert.That(_proxy.Requests.Select(r => r.Fault), Is.All.EqualTo(ProxyFault.Served));
        });
    }

    [Test]
    public async Task Proxy_answers_502_once_the_registry_is_gone()
    {
        await _registry.StopAsync();

        using var response = await _client.GetAsync("/v2/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
    }

    [Test]
    public async Task Proxy_in_front_of_a_tls_registry_serves_tls_from_the_same_ca()
    {
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Tls = true });
        await using var proxy = await FaultProxy.StartAsync(registry);
        using var client = new HttpClient(registry.Ca.CreateHttpHandler()) { BaseAddress = proxy.BaseUri };

        using var response = await client.GetAsync("/v2/");

        Assert.Multiple(() =>
        {
            Assert.That(proxy.BaseUri.Scheme, Is.EqualTo("https"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public void Refusing_endpoint_refuses_connections()
    {
        using var refusing = new RefusingEndpoint();
        using var client = new HttpClient();

        var error = Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(refusing.BaseUri, "v2/")));

        Assert.Multiple(() =>
        {
            Assert.That(refusing.Host, Is.EqualTo($"127.0.0.1:{refusing.Port}"));
            Assert.That((error!.InnerException as SocketException)?.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        });
    }
}
