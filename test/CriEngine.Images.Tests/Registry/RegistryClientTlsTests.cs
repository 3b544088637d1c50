using CriEngine.Grpc;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.Registry;

/// <summary>A real docker-registry on HTTPS with a test CA, trusted through certs.d as containers/image does.</summary>
[Category("Integration")]
public sealed class RegistryClientTlsTests
{
    private TempDirectory _directory = null!;
    private TestRegistry? _registry;
    private RegistryClient _client = null!;

    private string CertsDirectory => _directory.Combine("certs.d");

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory("criengine-registry-tls");
        _client = RegistryClients.Create(CertsDirectory);
    }

    [TearDown]
    public async Task Remove()
    {
        _client.Dispose();
        if (_registry is not null)
            await _registry.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<PushedImage> StartWithImageAsync(TestRegistryOptions options)
    {
        _registry = await TestRegistry.StartAsync(options);
        return await _registry.PushAsync("tls/app", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
    }

    [Test]
    public async Task Secure_endpoint_trusts_the_ca_in_its_certs_directory()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { Tls = true });
        _registry!.WriteCertsDirectory(CertsDirectory);
        var endpoint = new RegistryEndpoint(_registry.Host, Insecure: false);

        var manifest = await _client.GetManifestAsync(endpoint, "tls/app", "v1", null, CancellationToken.None);
        var layer = await _client.ReadBlobAsync(endpoint, "tls/app", pushed.Layers[0].Digest, pushed.Layers[0].Size);

        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
        Assert.That(layer, Is.EqualTo(pushed.Image.Layers[0].Blob.ToArray()));
    }

    [Test]
    public async Task Secure_endpoint_without_the_ca_is_refused_with_what_to_do()
    {
        await StartWithImageAsync(new TestRegistryOptions { Tls = true });
        var endpoint = new RegistryEndpoint(_registry!.Host, Insecure: false);

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(endpoint, "tls/app", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Message, Does.StartWith($"registry {_registry.Host}: TLS: the certificate is not signed by a trusted CA")
            .And.Contain(Path.Combine(CertsDirectory, _registry.Host, "ca.crt")));
    }

    [Test]
    public async Task Ca_added_to_certs_d_later_is_picked_up_without_a_new_client()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { Tls = true });
        var endpoint = new RegistryEndpoint(_registry!.Host, Insecure: false);
        Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(endpoint, "tls/app", "v1", null, CancellationToken.None));

        _registry.WriteCertsDirectory(CertsDirectory);
        var manifest = await _client.GetManifestAsync(endpoint, "tls/app", "v1", null, CancellationToken.None);

        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
    }

    [Test]
    public async Task Insecure_endpoint_speaks_tls_without_checking_the_certificate()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { Tls = true });
        var endpoint = new RegistryEndpoint(_registry!.Host, Insecure: true);

        var manifest = await _client.GetManifestAsync(endpoint, "tls/app", "v1", null, CancellationToken.None);

        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
    }

    [Test]
    public async Task Client_certificate_from_certs_d_is_presented()
    {
        var pushed = await StartWithImageAsync(new TestRegistryOptions { RequireClientCertificate = true });
        var hostDirectory = _registry!.WriteCertsDirectory(CertsDirectory);
        var endpoint = new RegistryEndpoint(_registry.Host, Insecure: false);

        var manifest = await _client.GetManifestAsync(endpoint, "tls/app", "v1", null, CancellationToken.None);

        Assert.That(Directory.GetFiles(hostDirectory, "*.cert"), Is.Not.Empty);
        Assert.That(manifest.Digest, Is.EqualTo(pushed.ManifestDigest));
    }

    [Test]
    public async Task Client_certificate_without_its_key_is_an_error_naming_the_file()
    {
        await StartWithImageAsync(new TestRegistryOptions { RequireClientCertificate = true });
        var hostDirectory = _registry!.WriteCertsDirectory(CertsDirectory);
        foreach (var key in Directory.GetFiles(hostDirectory, "*.key"))
            File.Delete(key);
        var certificate = Directory.GetFiles(hostDirectory, "*.cert").Single();

        var error = Assert.ThrowsAsync<RpcException>(() =>
            _client.GetManifestAsync(new RegistryEndpoint(_registry.Host, false), "tls/app", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.StartWith($"certs.d file {certificate}: client certificate without its key"));
    }
}
