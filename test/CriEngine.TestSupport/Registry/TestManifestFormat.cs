namespace CriEngine.TestSupport.Registry;

/// <summary>Which media types a test image's manifest (or index) and config are written with.</summary>
public enum TestManifestFormat
{
    /// <summary><c>application/vnd.oci.image.manifest.v1+json</c>, <c>application/vnd.oci.image.index.v1+json</c>.</summary>
    Oci,

    /// <summary><c>application/vnd.docker.distribution.manifest.v2+json</c>, <c>application/vnd.docker.distribution.manifest.list.v2+json</c>.</summary>
    Docker,
}
