namespace CriEngine.TestSupport.Registry;

/// <summary>The media types test images are written with (OCI image spec; Docker image manifest v2 schema 2).</summary>
public static class TestMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>Schema 1 (deprecated; docker-registry 2.8 refuses to store it).</summary>
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    public static string Manifest(TestManifestFormat format) => format == TestManifestFormat.Oci ? OciManifest : DockerManifest;

    public static string Index(TestManifestFormat format) => format == TestManifestFormat.Oci ? OciIndex : DockerManifestList;

    public static string Config(TestManifestFormat format) => format == TestManifestFormat.Oci ? OciConfig : DockerConfig;

    /// <summary>
    /// A layer's media type. Docker's schema 2 has no zstd type; a zstd layer in a Docker
    /// manifest carries the OCI one, as containers/image writes it.
    /// </summary>
    public static string Layer(TestManifestFormat format, TestLayerCompression compression) => (format, compression) switch
    {
        (TestManifestFormat.Oci, TestLayerCompression.Gzip) => OciLayerGzip,
        (TestManifestFormat.Oci, TestLayerCompression.None) => OciLayer,
        (TestManifestFormat.Docker, TestLayerCompression.Gzip) => DockerLayerGzip,
        (TestManifestFormat.Docker, TestLayerCompression.None) => DockerLayer,
        (_, TestLayerCompression.Zstd) => OciLayerZstd,
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };
}
