using System.Security.Cryptography;
using CriEngine.Grpc;
using CriEngine.Images.Manifests;
using CriEngine.Images.References;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Registry;

/// <summary>
/// What registries do that the test's docker-registry cannot be made to do: send blob downloads
/// to storage elsewhere (its file-system storage never redirects), announce a digest that is not
/// the content's. Minimal servers on 127.0.0.1 stand in for the registry and the storage.
/// </summary>
[Category("Integration")]
public sealed class ScriptedRegistryTests
{
    private static readonly byte[] Blob = RandomNumberGenerator.GetBytes(200_000);
    private static readonly Digest BlobDigest = Digest.Of(Blob);
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private TempDirectory _directory = null!;
    private RegistryClient _client = null!;
    private readonly List<ScriptedHttpServer> _servers = [];

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory("criengine-registry-scripted");
        _client = RegistryClients.Create(_directory.Combine("certs.d"));
    }

    [TearDown]
    public async Task Remove()
    {
        _client.Dispose();
        foreach (var server in _servers)
            await server.DisposeAsync();
        _servers.Clear();
        _directory.Dispose();
    }

    private ScriptedHttpServer Serve(Func<string, ScriptedResponse> respond)
    {
        var server = new ScriptedHttpServer(respond);
        _servers.Add(server);
        return server;
    }

    private static RegistryEndpoint EndpointOf(ScriptedHttpServer server) => new(server.BaseUri.Authority, Insecure: true);

    [Test]
    public async Task Blob_redirected_to_storage_is_downloaded_without_the_registry_credentials()
    {
        var storage = Serve(_ => new ScriptedResponse(200, NoHeaders, Blob));
        var registry = Serve(path => new ScriptedResponse(307, new Dictionary<string, string> { ["Location"] = new Uri(storage.BaseUri, "storage" + path + "?sig=1").ToString() }, []));

        var content = await _client.ReadBlobAsync(EndpointOf(registry), "app/x", BlobDigest, Blob.Length, new RegistryCredentials(null, null, RegistryToken: "registry-secret"));

        Assert.That(content, Is.EqualTo(Blob));
        Assert.That(registry.Requests, Is.EqualTo(new[] { ($"/v2/app/x/blobs/{BlobDigest}", (string?)"Bearer registry-secret") }));
        Assert.That(storage.Requests, Is.EqualTo(new[] { ($"/storage/v2/app/x/blobs/{BlobDigest}", (string?)null) }));
    }

    [Test]
    public void Tagged_manifest_whose_docker_content_digest_disagrees_is_refused()
    {
        var manifest = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1},"layers":[]}"""u8.ToArray();
        var announced = Digest.Of("something else"u8);
        var registry = Serve(_ => new ScriptedResponse(200, new Dictionary<string, string>
        {
            ["Content-Type"] = ManifestMediaTypes.OciManifest,
            ["Docker-Content-Digest"] = announced.ToString(),
        }, manifest));

        var error = Assert.ThrowsAsync<RpcException>(() => _client.GetManifestAsync(EndpointOf(registry), "app/x", "v1", null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"Docker-Content-Digest {announced}").And.Contain($"digest mismatch (got {Digest.Of(manifest)})"));
    }
}
