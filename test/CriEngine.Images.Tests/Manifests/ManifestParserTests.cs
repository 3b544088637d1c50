using System.Text;
using CriEngine.Grpc;
using CriEngine.Images.Manifests;

namespace CriEngine.Images.Tests.Manifests;

public sealed class ManifestParserTests
{
    private const string ConfigDigest = "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
    private const string LayerDigest = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";
    private const string OtherDigest = "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";

    private static ManifestDocument Parse(string json, string? contentType = null) => ManifestParser.Parse(Encoding.UTF8.GetBytes(json), contentType);

    private static string Manifest(string? mediaType, string configType = "application/vnd.oci.image.config.v1+json", string layerType = "application/vnd.oci.image.layer.v1.tar+gzip") => $$"""
        {
          "schemaVersion": 2,
          {{(mediaType is null ? "" : $"\"mediaType\": \"{mediaType}\",")}}
          "config": { "mediaType": "{{configType}}", "digest": "{{ConfigDigest}}", "size": 1469 },
          "layers": [
            { "mediaType": "{{layerType}}", "digest": "{{LayerDigest}}", "size": 32654,
              "urls": ["https://example.com/layer"], "annotations": { "org.example.k": "v" } }
          ],
          "annotations": { "org.opencontainers.image.created": "2024-01-01T00:00:00Z" }
        }
        """;

    private static string Index(string? mediaType) => $$"""
        {
          "schemaVersion": 2,
          {{(mediaType is null ? "" : $"\"mediaType\": \"{mediaType}\",")}}
          "manifests": [
            { "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{LayerDigest}}", "size": 528,
              "platform": { "architecture": "amd64", "os": "linux" } },
            { "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{OtherDigest}}", "size": 529,
              "platform": { "architecture": "arm64", "os": "linux", "variant": "v8", "os.version": "6.1", "os.features": ["f"] } }
          ]
        }
        """;

    [TestCase(ManifestMediaTypes.OciManifest)]
    [TestCase(ManifestMediaTypes.DockerManifest)]
    public void Image_manifest_gives_its_config_and_layers(string mediaType)
    {
        var manifest = (ImageManifest)Parse(Manifest(mediaType));

        Assert.That(manifest.MediaType, Is.EqualTo(mediaType));
        Assert.That(manifest.Config.Digest.ToString(), Is.EqualTo(ConfigDigest));
        Assert.That(manifest.Config.Size, Is.EqualTo(1469));
        Assert.That(manifest.Layers, Has.Count.EqualTo(1));
        Assert.That(manifest.Layers[0].MediaType, Is.EqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
        Assert.That(manifest.Layers[0].Digest.ToString(), Is.EqualTo(LayerDigest));
        Assert.That(manifest.Layers[0].Size, Is.EqualTo(32654));
        Assert.That(manifest.Layers[0].Urls, Is.EqualTo(new[] { "https://example.com/layer" }));
        Assert.That(manifest.Layers[0].Annotations!["org.example.k"], Is.EqualTo("v"));
        Assert.That(manifest.Annotations!["org.opencontainers.image.created"], Is.EqualTo("2024-01-01T00:00:00Z"));
    }

    [TestCase(ManifestMediaTypes.OciIndex)]
    [TestCase(ManifestMediaTypes.DockerManifestList)]
    public void Index_gives_its_manifests_with_platforms(string mediaType)
    {
        var index = (ImageIndex)Parse(Index(mediaType));

        Assert.That(index.MediaType, Is.EqualTo(mediaType));
        Assert.That(index.Manifests.Select(m => m.Platform?.ToString()), Is.EqualTo(new[] { "linux/amd64", "linux/arm64/v8" }));
        Assert.That(index.Manifests[1].Digest.ToString(), Is.EqualTo(OtherDigest));
        Assert.That(index.Manifests[1].Platform!.OsVersion, Is.EqualTo("6.1"));
        Assert.That(index.Manifests[1].Platform!.OsFeatures, Is.EqualTo(new[] { "f" }));
    }

    [TestCase(ManifestMediaTypes.DockerSchema1)]
    [TestCase(ManifestMediaTypes.DockerSchema1Signed)]
    public void Schema1_media_type_is_refused_as_not_supported(string mediaType)
    {
        var json = $$"""{ "schemaVersion": 1, "mediaType": "{{mediaType}}", "name": "a/b", "tag": "1", "fsLayers": [] }""";

        var error = Assert.Throws<RpcException>(() => Parse(json, mediaType));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(error.Message, Does.Contain("schema 1").And.Contain("not supported").And.Contain(mediaType));
    }

    [Test]
    public void Schema1_without_media_type_is_refused_by_its_schema_version()
    {
        var error = Assert.Throws<RpcException>(() => Parse("""{ "schemaVersion": 1, "name": "a/b", "fsLayers": [], "history": [] }""", "application/json"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(error.Message, Does.Contain("schema 1"));
    }

    [Test]
    public void Schema1_content_type_is_refused_when_the_document_does_not_say()
    {
        var error = Assert.Throws<RpcException>(() => Parse("""{ "name": "a/b", "fsLayers": [] }""", ManifestMediaTypes.DockerSchema1Signed + "; charset=utf-8"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unimplemented));
    }

    [Test]
    public void Unknown_media_type_is_refused_naming_it()
    {
        var error = Assert.Throws<RpcException>(() => Parse(Manifest("application/vnd.example.thing.v1+json")));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("application/vnd.example.thing.v1+json"));
    }

    [Test]
    public void Unknown_content_type_is_refused_naming_it()
    {
        var error = Assert.Throws<RpcException>(() => Parse(Manifest(null), "application/vnd.example.other+json"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("application/vnd.example.other+json"));
    }

    [Test]
    public void Documents_own_media_type_wins_over_the_content_type()
    {
        var document = Parse(Index(ManifestMediaTypes.DockerManifestList), ManifestMediaTypes.OciManifest);

        Assert.That(document, Is.TypeOf<ImageIndex>());
        Assert.That(document.MediaType, Is.EqualTo(ManifestMediaTypes.DockerManifestList));
    }

    [Test]
    public void Content_type_decides_when_the_document_has_no_media_type()
    {
        var document = Parse(Manifest(null), ManifestMediaTypes.DockerManifest + "; charset=utf-8");

        Assert.That(document, Is.TypeOf<ImageManifest>());
        Assert.That(document.MediaType, Is.EqualTo(ManifestMediaTypes.DockerManifest));
    }

    [TestCase(null)]
    [TestCase("application/json")]
    [TestCase("text/plain; charset=utf-8")]
    public void Shape_decides_when_neither_names_a_manifest_type(string? contentType)
    {
        Assert.That(Parse(Index(null), contentType).MediaType, Is.EqualTo(ManifestMediaTypes.OciIndex));
        Assert.That(Parse(Manifest(null), contentType).MediaType, Is.EqualTo(ManifestMediaTypes.OciManifest));
    }

    [Test]
    public void Layer_media_types_are_left_to_the_unpacker()
    {
        var manifest = (ImageManifest)Parse(Manifest(ManifestMediaTypes.OciManifest, "application/vnd.example.config+json", "application/vnd.example.layer.v9+brotli"));

        Assert.That(manifest.Layers[0].MediaType, Is.EqualTo("application/vnd.example.layer.v9+brotli"));
        Assert.That(manifest.Config.MediaType, Is.EqualTo("application/vnd.example.config+json"));
    }

    [Test]
    public void Invalid_layer_digest_is_refused_naming_the_field()
    {
        var json = Manifest(ManifestMediaTypes.OciManifest).Replace(LayerDigest, "sha256:1234");

        var error = Assert.Throws<RpcException>(() => Parse(json));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("layers[0].digest").And.Contain("sha256:1234"));
    }

    [Test]
    public void Image_manifest_without_config_is_refused()
    {
        var error = Assert.Throws<RpcException>(() => Parse($$"""{ "schemaVersion": 2, "mediaType": "{{ManifestMediaTypes.OciManifest}}", "layers": [] }"""));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("config: missing"));
    }

    [Test]
    public void Negative_size_is_refused()
    {
        var json = Manifest(ManifestMediaTypes.OciManifest).Replace("32654", "-1");

        var error = Assert.Throws<RpcException>(() => Parse(json));

        Assert.That(error!.Message, Does.Contain("layers[0].size"));
    }

    [TestCase("not json")]
    [TestCase("[1, 2]")]
    [TestCase("{} {}")]
    public void Malformed_document_is_refused_as_invalid(string json)
    {
        var error = Assert.Throws<RpcException>(() => Parse(json, ManifestMediaTypes.OciManifest));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.StartWith("manifest"));
    }
}
