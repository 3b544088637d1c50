using System.IO.Compression;
using CriEngine.Grpc;

namespace CriEngine.Images.Layers;

/// <summary>The uncompressed tar of a layer blob, chosen by the layer's media type (OCI or Docker).</summary>
public static class LayerDecompression
{
    private enum Compression
    {
        None,
        Gzip,
        Zstd,
    }

    private static readonly Dictionary<string, Compression> MediaTypes = new(StringComparer.Ordinal)
    {
        ["application/vnd.oci.image.layer.v1.tar"] = Compression.None,
        ["application/vnd.oci.image.layer.v1.tar+gzip"] = Compression.Gzip,
        ["application/vnd.oci.image.layer.v1.tar+zstd"] = Compression.Zstd,
        ["application/vnd.oci.image.layer.nondistributable.v1.tar"] = Compression.None,
        ["application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"] = Compression.Gzip,
        ["application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"] = Compression.Zstd,
        ["application/vnd.docker.image.rootfs.diff.tar"] = Compression.None,
        ["application/vnd.docker.image.rootfs.diff.tar.gzip"] = Compression.Gzip,
        ["application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"] = Compression.Gzip,
    };

    /// <summary>
    /// A stream of the uncompressed tar in <paramref name="compressed"/>, which it owns. gzip may
    /// have several members and zstd several frames. Corrupt compressed data surfaces as
    /// <see cref="InvalidDataException"/> while reading, and so does zstd input cut inside a
    /// frame. GZipStream reports no gzip cut short (it just ends): the unpacker then finds the
    /// tar cut inside an entry, and a cut that falls between entries or in the gzip trailer is
    /// left to the caller's digest check.
    /// </summary>
    /// <exception cref="RpcException">
    /// InvalidArgument for a media type that is not a layer's; Unimplemented for zstd when
    /// libzstd.so.1 cannot be loaded.
    /// </exception>
    public static Stream Open(Stream compressed, string mediaType)
    {
        if (!MediaTypes.TryGetValue(mediaType, out var compression))
            throw new RpcException(StatusCode.InvalidArgument, $"layer media type \"{mediaType}\" is not supported");
        return compression switch
        {
            // GZipStream reads concatenated members one after the other (a test checks it).
            Compression.Gzip => new GZipStream(compressed, CompressionMode.Decompress),
            Compression.Zstd => new ZstdDecompressionStream(compressed),
            _ => compressed,
        };
    }
}
