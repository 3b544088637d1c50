using CriEngine.Grpc;
using CriEngine.Images.Manifests;
using CriEngine.Images.References;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.Registry;

/// <summary>Pulling from a real docker-registry over plain HTTP (an insecure endpoint).</summary>
[Category("Integration")]
public sealed class RegistryClientTests
{
    private TempDirectory _directory = null!;
    private TestRegistry _registry = null!;
    private RegistryClient _client = null!;
    private RegistryEndpoint _endpoint = null!;

    [SetUp]
    public async Task Start()
    {
        _directory = new TempDirectory("criengine-registry-client");
        _registry = await TestRegistry.StartAsync();
        _client = RegistryClients.Create(_directory.Combine("certs.d"));
        _endpoint = new RegistryEndpoint(_registry.Host, Insecure: true);
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    [TestCase(TestManifestFormat.Oci)]
    [TestCase(TestManifestFormat.Docker)]
    public async Task Manifest_by_tag_comes_with_its_media_type_and_digest(TestManifestFormat format)
    {
        var pushed = await _registry.PushAsync("app/one", "v1", await new TestImageBuilder().WithBusybox().WithFormat(format).BuildAsync());

        var manifest = await _client.GetManifestAsync(_endpoint, "app/one", "v1", null, CancellationToken.None);

        Assert.That(manifest.Content, Is.EqualTo(pushed.Image.Manifest));
        Assert.That(manifest.MediaType, Is.EqualTo(pushed.ManifestMediaType));
        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
        var parsed = (ImageManifest)ManifestParser.Parse(manifest.Content, manifest.MediaType);
        Assert.That(parsed.Config.Digest, Is.EqualTo(pushed.ConfigDigest));
    }

    [Test]
    public async Task Manifest_by_digest_is_fetched_and_verified()
    {
        var pushed = await _registry.PushAsync("app/two", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());

        var manifest = await _client.GetManifestAsync(_endpoint, "app/two", pushed.ManifestDigest.ToString(), null, CancellationToken.None);

        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
        Assert.That(Digest.Of(manifest.Content), Is.EqualTo(pushed.ManifestDigest));
    }

    [Test]
    public async Task Index_leads_to_the_manifest_for_the_host_platform()
    {
        var amd64 = await new TestImageBuilder().WithLayer(TestLayerEntry.File("arch", "amd64")).WithConfig(c => c with { Architecture = "amd64" }).BuildAsync();
        var arm64 = await new TestImageBuilder().WithLayer(TestLayerEntry.File("arch", "arm64")).WithConfig(c => c with { Architecture = "arm64", Variant = "v8" }).BuildAsync();
        var pushed = await _registry.PushAsync("multi/arch", "v1", new TestImageIndex([amd64, arm64], TestManifestFormat.Docker));

        var index = await _client.GetManifestAsync(_endpoint, "multi/arch", "v1", null, CancellationToken.None);
        var chosen = PlatformSelector.Select((ImageIndex)ManifestParser.Parse(index.Content, index.MediaType), new ImagePlatform("linux", "arm64", "v8"));
        var manifest = await _client.GetManifestAsync(_endpoint, "multi/arch", chosen.Digest.ToString(), null, CancellationToken.None);

        Assert.That(index.MediaType, Is.EqualTo(ManifestMediaTypes.DockerManifestList));
        Assert.That(index.Digest, Is.EqualTo(pushed.IndexDigest));
        Assert.That(manifest.Digest, Is.EqualTo(pushed.ForPlatform("arm64").ManifestDigest));
    }

    [Test]
    public async Task Blob_downloads_whole_and_verified()
    {
        var pushed = await _registry.PushAsync("app/blob", "v1", await new TestImageBuilder().WithRandomLayer(3).BuildAsync());
        var layer = pushed.Layers[0];

        var content = await _client.ReadBlobAsync(_endpoint, "app/blob", layer.Digest, layer.Size);

        Assert.That(content, Is.EqualTo(pushed.Image.Layers[0].Blob.ToArray()));
    }

    [Test]
    public async Task Config_blob_parses_as_the_image_config()
    {
        var pushed = await _registry.PushAsync("app/config", "v1", await new TestImageBuilder().WithBusybox()
            .WithConfig(c => c with { Cmd = ["echo", "hi"] }).BuildAsync());

        var raw = await _client.ReadBlobAsync(_endpoint, "app/config", pushed.ConfigDigest, pushed.ConfigSize);
        var config = ImageConfig.Parse(raw);

        Assert.That(config.Config.Cmd, Is.EqualTo(new[] { "echo", "hi" }));
        Assert.That(config.DiffIds, Is.EqualTo(pushed.DiffIds));
    }

    [Test]
    public void Missing_manifest_is_not_found_naming_the_reference()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(_endpoint, "no/such", "v9", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.StartWith($"manifest {_registry.Host}/no/such:v9: not found"));
    }

    [Test]
    public async Task Missing_blob_is_not_found_naming_the_blob()
    {
        await _registry.PushAsync("app/three", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        var absent = Digest.Of("absent"u8);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.OpenBlobAsync(_endpoint, "app/three", absent, 6, null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.StartWith($"blob {absent} in {_registry.Host}/app/three: not found"));
    }

    [Test]
    public async Task Corrupted_blob_fails_naming_the_expected_and_the_actual_digest()
    {
        var pushed = await _registry.PushAsync("app/corrupt", "v1", await new TestImageBuilder().WithRandomLayer(1).BuildAsync());
        var layer = pushed.Layers[0];
        var file = _registry.BlobFile(layer.Digest);
        var stored = await File.ReadAllBytesAsync(file);
        stored[stored.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(file, stored);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.ReadBlobAsync(_endpoint, "app/corrupt", layer.Digest, layer.Size));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.StartWith($"blob {layer.Digest} in {_registry.Host}/app/corrupt: digest mismatch")
            .And.Contain($"got {Digest.Of(stored)}").And.Contain($"expected {layer.Digest}"));
    }

    [Test]
    public async Task Blob_bigger_than_the_manifest_says_fails_as_invalid()
    {
        var pushed = await _registry.PushAsync("app/size", "v1", await new TestImageBuilder().WithRandomLayer(1).BuildAsync());
        var layer = pushed.Layers[0];

        var error = Assert.ThrowsAsync<RpcException>(() => _client.ReadBlobAsync(_endpoint, "app/size", layer.Digest, layer.Size - 1));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"more than the expected {layer.Size - 1} bytes").And.Contain(layer.Digest.ToString()));
    }

    [Test]
    public void Secure_endpoint_does_not_fall_back_to_plain_http()
    {
        var secure = _endpoint with { Insecure = false };

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(secure, "app/one", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Message, Does.StartWith($"registry {_registry.Host}: TLS handshake failed").And.Contain("must be marked insecure"));
        Assert.That(_registry.Requests.Count, Is.Zero, "no plain HTTP request reached the registry");
    }

    [Test]
    public async Task Requests_are_logged_by_the_registry_as_plain_http_gets()
    {
        var pushed = await _registry.PushAsync("app/log", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        var mark = await _registry.Requests.MarkAsync();

        await _client.GetManifestAsync(_endpoint, "app/log", "v1", null, CancellationToken.None);
        await _client.ReadBlobAsync(_endpoint, "app/log", pushed.ConfigDigest, pushed.ConfigSize);
        await _registry.Requests.SettleAsync();

        Assert.That(_registry.Requests.Since(mark).Select(r => $"{r.Method} {r.Path} {r.Status}"), Is.EqualTo(new[]
        {
            "GET /v2/app/log/manifests/v1 200",
            $"GET /v2/app/log/blobs/{pushed.ConfigDigest} 200",
        }));
    }
}
