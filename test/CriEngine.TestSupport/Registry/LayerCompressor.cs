using System.IO.Compression;

namespace CriEngine.TestSupport.Registry;

/// <summary>Compresses a layer's tar: gzip in process, zstd with the zstd program (Debian's zstd package).</summary>
internal static class LayerCompressor
{
    public const string Zstd = "zstd";

    /// <param name="incompressible">
    /// The tar is mostly random bytes: gzip writes stored blocks straight away, as deflate
    /// ends up doing for such data anyway, without spending seconds trying on 100 MB.
    /// </param>
    public static async Task<byte[]> CompressAsync(ReadOnlyMemory<byte> tar, TestLayerCompression compression, bool incompressible = false)
    {
        switch (compression)
        {
            case TestLayerCompression.None:
                return tar.ToArray();
            case TestLayerCompression.Gzip:
                using (var blob = new MemoryStream())
                {
                    await using (var gzip = new GZipStream(blob, incompressible ? CompressionLevel.NoCompression : CompressionLevel.Fastest, leaveOpen: true))
                        await gzip.WriteAsync(tar);
                    return blob.ToArray();
                }
            case TestLayerCompression.Zstd:
                var result = await ExternalCommand.RunCheckedAsync(Zstd, ["-q", "-c", "-"], tar);
                return result.StandardOutput;
            default:
                throw new ArgumentOutOfRangeException(nameof(compression));
        }
    }
}
