using System.Text.Json;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.RegistryFixtures;

/// <summary>skopeo is containers/image, the library CRI-O pulls with: what it takes from the fixtures, a real client takes.</summary>
[Category("Integration")]
public sealed class SkopeoTests
{
    private readonly List<IAsyncDisposable> _cleanup = [];
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("criengine-skopeo");

    [TearDown]
    public async Task TearDown()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
            await item.DisposeAsync();
        _cleanup.Clear();
        _directory.Dispose();
    }

    [TestCase(TestManifestFormat.Oci)]
    [TestCase(TestManifestFormat.Docker)]
    public async Task Skopeo_inspects_a_pushed_image(TestManifestFormat format)
    {
        var registry = await StartAsync();
        var image = await new TestImageBuilder()
            .WithBusybox()
            .WithLayer(TestLayerEntry.File("app/hello.txt", "hello\n"))
            .WithFormat(format)
            .WithConfig(c => c with { Labels = new Dictionary<string, string> { ["fixture"] = "yes" } })
            .BuildAsync();
        var pushed = await registry.PushAsync("skopeo/inspect", "v1", image);

        using var inspected = await Skopeo.InspectAsync(pushed.Reference, "--tls-verify=false");
        var root = inspected.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("Digest").GetString(), Is.EqualTo(pushed.ManifestDigest.ToString()));
            Assert.That(root.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(pushed.Layers.Select(l => l.Digest.ToString())));
            Assert.That(root.GetProperty("Architecture").GetString(), Is.EqualTo(TestImageConfig.HostArchitecture));
            Assert.That(root.GetProperty("Labels").GetProperty("fixture").GetString(), Is.EqualTo("yes"));
        });
    }

    [TestCase(TestManifestFormat.Oci)]
    [TestCase(TestManifestFormat.Docker)]
    public async Task Skopeo_picks_the_host_platform_from_a_pushed_index(TestManifestFormat format)
    {
        var registry = await StartAsync();
        var host = await new TestImageBuilder().WithBusybox().WithFormat(format).BuildAsync();
        var other = await new TestImageBuilder().WithBusybox().WithFormat(format)
            .WithLayer(TestLayerEntry.File("other", "other"))
            .WithConfig(c => c with { Architecture = TestImageConfig.HostArchitecture == "arm64" ? "amd64" : "arm64" })
            .BuildAsync();
        var pushed = await registry.PushAsync("skopeo/index", "multi", new TestImageIndex([other, host], format));

        var raw = await Skopeo.InspectRawAsync(pushed.Reference, "--tls-verify=false");
        using var inspected = await Skopeo.InspectAsync(pushed.Reference, "--tls-verify=false");

        Assert.Multiple(() =>
        {
            Assert.That(raw, Is.EqualTo(new TestImageIndex([other, host], format).Manifest));
            Assert.That(inspected.RootElement.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()),
                Is.EqualTo(pushed.ForPlatform(TestImageConfig.HostArchitecture).Layers.Select(l => l.Digest.ToString())));
        });
    }

    [TestCase(TestLayerCompression.Gzip)]
    [TestCase(TestLayerCompression.Zstd)]
    [TestCase(TestLayerCompression.None)]
    public async Task Skopeo_copies_a_busybox_image_checking_every_blob(TestLayerCompression compression)
    {
        var registry = await StartAsync();
        var image = await new TestImageBuilder().WithBusybox().WithCompression(compression).WithConfig(c => c with { Cmd = ["sh"] }).BuildAsync();
        var pushed = await registry.PushAsync("skopeo/copy", "v1", image);

        var layout = await Skopeo.CopyToOciLayoutAsync(_directory, pushed.Reference, "--src-tls-verify=false");
        var layerFile = Path.Combine(layout, "blobs", "sha256", pushed.Layers[0].Digest.Hex);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(layout, "index.json")), Is.True);
            Assert.That(File.ReadAllBytes(layerFile), Is.EqualTo(image.Layers[0].Blob.ToArray()));
        });
    }

    [Test]
    public async Task Skopeo_trusts_a_tls_registry_through_its_certs_directory()
    {
        var registry = await StartAsync(new TestRegistryOptions { RequireClientCertificate = true });
        var pushed = await registry.PushAsync("skopeo/tls", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        var hostDirectory = registry.WriteCertsDirectory(_directory.Combine("certs.d"));

        using var inspected = await Skopeo.InspectAsync(pushed.Reference, "--cert-dir", hostDirectory);
        var refused = await ExternalCommand.RunAsync("skopeo", ["inspect", "docker://" + pushed.Reference]);

        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(hostDirectory), Is.EqualTo(registry.Host));
            Assert.That(Directory.GetFiles(hostDirectory).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "ca.crt", "client.cert", "client.key" }));
            Assert.That(inspected.RootElement.GetProperty("Digest").GetString(), Is.EqualTo(pushed.ManifestDigest.ToString()));
            Assert.That(refused.ExitCode, Is.Not.Zero, "without the CA, skopeo refuses the registry's certificate");
        });
    }

    [Test]
    public async Task Skopeo_pulls_with_basic_credentials()
    {
        var registry = await StartAsync(new TestRegistryOptions { BasicAuth = new TestCredentials("dave", "pw") });
        var pushed = await registry.PushAsync("skopeo/basic", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());

        using var inspected = await Skopeo.InspectAsync(pushed.Reference, "--tls-verify=false", "--creds", "dave:pw");
        var refused = await ExternalCommand.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--no-creds", "docker://" + pushed.Reference]);

        Assert.Multiple(() =>
        {
            Assert.That(inspected.RootElement.GetProperty("Digest").GetString(), Is.EqualTo(pushed.ManifestDigest.ToString()));
            Assert.That(refused.ExitCode, Is.Not.Zero);
            Assert.That(refused.StandardError, Does.Contain("unauthorized").IgnoreCase);
        });
    }

    [Test]
    public async Task Skopeo_pulls_with_a_token_from_the_token_server()
    {
        var tokenOptions = new TokenServerOptions { Credentials = new TestCredentials("erin", "pw") };
        var registry = await StartAsync(new TestRegistryOptions { TokenAuth = tokenOptions });
        var pushed = await registry.PushAsync("skopeo/token", "v1", await new TestImageBuilder().WithBusybox().BuildAsync());
        var before = registry.TokenServer!.Requests.Count;

        using var inspected = await Skopeo.InspectAsync(pushed.Reference, "--tls-verify=false", "--creds", "erin:pw");
        var skopeoRequests = registry.TokenServer.Requests.Skip(before).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(inspected.RootElement.GetProperty("Digest").GetString(), Is.EqualTo(pushed.ManifestDigest.ToString()));
            Assert.That(skopeoRequests.SelectMany(r => r.Scopes), Does.Contain("repository:skopeo/token:pull"));
            Assert.That(skopeoRequests.Where(r => r.Scopes.Count > 0).All(r => r.Issued && r.Username == "erin"), Is.True);
        });
    }

    private async Task<TestRegistry> StartAsync(TestRegistryOptions? options = null)
    {
        var registry = await TestRegistry.StartAsync(options);
        _cleanup.Add(registry);
        return registry;
    }
}
