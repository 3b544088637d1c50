using CriEngine.Grpc;
using CriEngine.Images.Manifests;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.Registry;

/// <summary>A real docker-registry behind a proxy that answers 503, cuts bodies, or serves what the registry will not store.</summary>
[Category("Integration")]
public sealed class RegistryClientFaultTests
{
    private const int RetryCount = 3;

    private TempDirectory _directory = null!;
    private TestRegistry _registry = null!;
    private FaultProxy _proxy = null!;
    private RegistryClient _client = null!;
    private RegistryEndpoint _endpoint = null!;

    [SetUp]
    public async Task Start()
    {
        _directory = new TempDirectory("criengine-registry-faults");
        _registry = await TestRegistry.StartAsync();
        _proxy = await FaultProxy.StartAsync(_registry);
        _client = RegistryClients.Create(_directory.Combine("certs.d"), RetryCount);
        _endpoint = new RegistryEndpoint(_proxy.Host, Insecure: true);
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    private IEnumerable<string> ProxiedManifestRequests() =>
        _proxy.Requests.Where(r => FaultProxy.IsManifest(r.Path)).Select(r => $"{r.Status} {r.Fault}");

    [Test]
    public async Task Service_unavailable_is_retried_until_the_registry_answers()
    {
        var pushed = await _registry.PushAsync("flaky/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        _proxy.FailNext(2, 503, FaultProxy.IsManifest);

        var manifest = await _client.GetManifestAsync(_endpoint, "flaky/app", "v1", null, CancellationToken.None);

        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
        Assert.That(ProxiedManifestRequests(), Is.EqualTo(new[] { "503 Failed", "503 Failed", "200 None" }));
    }

    [Test]
    public async Task Too_many_requests_is_retried_too()
    {
        var pushed = await _registry.PushAsync("flaky/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        _proxy.FailNext(1, 429, FaultProxy.IsManifest);

        var manifest = await _client.GetManifestAsync(_endpoint, "flaky/app", "v1", null, CancellationToken.None);

        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
    }

    [Test]
    public async Task Persistent_service_unavailable_is_unavailable_naming_registry_path_and_status()
    {
        await _registry.PushAsync("down/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        _proxy.FailNext(100, 503, FaultProxy.IsManifest);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(_endpoint, "down/app", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Message, Is.EqualTo(
            $"registry {_proxy.Host}: GET /v2/down/app/manifests/v1: 503 Service Unavailable: UNAVAILABLE: fault injected by the test proxy (after {RetryCount + 1} attempts)"));
        Assert.That(ProxiedManifestRequests().Count(), Is.EqualTo(RetryCount + 1));
    }

    [Test]
    public async Task Client_errors_are_not_retried()
    {
        await _registry.PushAsync("bad/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        _proxy.FailNext(1, 400, FaultProxy.IsManifest);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(_endpoint, "bad/app", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(ProxiedManifestRequests(), Is.EqualTo(new[] { "400 Failed" }));
    }

    [Test]
    public async Task Forbidden_is_permission_denied()
    {
        await _registry.PushAsync("bad/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        _proxy.FailNext(1, 403, FaultProxy.IsManifest);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(_endpoint, "bad/app", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(error.Message, Does.Contain($"registry {_proxy.Host} denied access to bad/app (403"));
    }

    [Test]
    public async Task Blob_cut_in_the_middle_resumes_with_a_range_and_still_verifies()
    {
        var pushed = await _registry.PushAsync("cut/app", "v1", await new TestImageBuilder().WithRandomLayer(4).BuildAsync());
        var layer = pushed.Layers[0];
        _proxy.CutNext(layer.Size / 2, FaultProxy.IsBlob);

        var content = await _client.ReadBlobAsync(_endpoint, "cut/app", layer.Digest, layer.Size);

        Assert.That(content, Is.EqualTo(pushed.Image.Layers[0].Blob.ToArray()));
        Assert.That(_proxy.Requests.Where(r => FaultProxy.IsBlob(r.Path)).Select(r => $"{r.Status} {r.Fault}"), Is.EqualTo(new[] { "200 Cut", "206 None" }));
    }

    [Test]
    public async Task Blob_cut_more_often_than_the_retry_count_is_unavailable_naming_the_blob()
    {
        var pushed = await _registry.PushAsync("cut/app", "v1", await new TestImageBuilder().WithRandomLayer(2).BuildAsync());
        var layer = pushed.Layers[0];
        _proxy.CutNext(100_000, FaultProxy.IsBlob, count: 100);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.ReadBlobAsync(_endpoint, "cut/app", layer.Digest, layer.Size));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Message, Does.StartWith($"blob {layer.Digest} in {_proxy.Host}/cut/app: connection lost at byte {(RetryCount + 1) * 100_000} of {layer.Size}"));
    }

    [Test]
    public async Task Blob_cut_and_corrupted_resumes_then_fails_the_digest()
    {
        var pushed = await _registry.PushAsync("cut/bad", "v1", await new TestImageBuilder().WithRandomLayer(1).BuildAsync());
        var layer = pushed.Layers[0];
        var file = _registry.BlobFile(layer.Digest);
        var stored = await File.ReadAllBytesAsync(file);
        stored[^10] ^= 0x55;
        await File.WriteAllBytesAsync(file, stored);
        _proxy.CutNext(layer.Size / 3, FaultProxy.IsBlob);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.ReadBlobAsync(_endpoint, "cut/bad", layer.Digest, layer.Size));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("digest mismatch").And.Contain(layer.Digest.ToString()));
    }

    [Test]
    public void Schema1_manifest_is_refused_as_not_supported()
    {
        var body = """{ "schemaVersion": 1, "name": "old/app", "tag": "v1", "architecture": "amd64", "fsLayers": [], "history": [], "signatures": [] }"""u8.ToArray();
        _proxy.ServeManifest("old/app", "v1", body, ManifestMediaTypes.DockerSchema1Signed);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(_endpoint, "old/app", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(error.Message, Does.StartWith($"manifest {_proxy.Host}/old/app:v1 is Docker schema 1").And.Contain("not supported"));
    }

    [Test]
    public void Manifest_over_the_size_limit_is_refused()
    {
        var body = new byte[5 * 1024 * 1024];
        _proxy.ServeManifest("huge/app", "v1", body, ManifestMediaTypes.OciManifest);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(_endpoint, "huge/app", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Is.EqualTo($"manifest {_proxy.Host}/huge/app:v1: larger than the 4096 KiB a manifest may have"));
    }

    [Test]
    public async Task Manifest_that_does_not_match_the_digest_asked_for_is_refused()
    {
        var pushed = await _registry.PushAsync("lying/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        var altered = pushed.Image.Manifest.Concat("\n"u8.ToArray()).ToArray();
        // Served in place of the original under the original's digest, which it no longer matches.
        _proxy.ServeManifest("lying/app", pushed.ManifestDigest.ToString(), altered, pushed.ManifestMediaType);

        var error = Assert.ThrowsAsync<RpcException>(() =>
            _client.GetManifestAsync(_endpoint, "lying/app", pushed.ManifestDigest.ToString(), null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("digest mismatch").And.Contain(pushed.ManifestDigest.ToString()));
    }
}
