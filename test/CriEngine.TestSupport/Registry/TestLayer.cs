using CriEngine.Images.References;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// A built layer: its tar, its blob (the tar compressed), the blob's digest and the tar's
/// (the diff ID). <c>with { MediaType = … }</c> or <c>with { DiffId = … }</c> makes a layer
/// whose manifest or config says something else, for bad-input tests.
/// </summary>
public sealed record TestLayer
{
    private TestLayer(ReadOnlyMemory<byte> tar, ReadOnlyMemory<byte> blob, TestLayerCompression compression)
    {
        Tar = tar;
        Blob = blob;
        Compression = compression;
        Digest = Digest.Of(blob.Span);
        DiffId = Digest.Of(tar.Span);
    }

    /// <summary>The uncompressed tar.</summary>
    public ReadOnlyMemory<byte> Tar { get; }

    /// <summary>What the registry stores: the tar, compressed.</summary>
    public ReadOnlyMemory<byte> Blob { get; }

    public TestLayerCompression Compression { get; }

    /// <summary>The blob's digest, as the manifest names it.</summary>
    public Digest Digest { get; }

    /// <summary>The uncompressed tar's digest, as the config's <c>rootfs.diff_ids</c> names it.</summary>
    public Digest DiffId { get; init; }

    public long Size => Blob.Length;

    /// <summary>The media type the manifest gives; null: the one for the manifest's format and this compression.</summary>
    public string? MediaType { get; init; }

    public string MediaTypeIn(TestManifestFormat format) => MediaType ?? TestMediaTypes.Layer(format, Compression);

    public static async Task<TestLayer> FromEntriesAsync(IEnumerable<TestLayerEntry> entries, TestLayerCompression compression = TestLayerCompression.Gzip) =>
        await FromTarAsync(LayerTar.Write(entries), compression);

    /// <summary>A layer from tar bytes made elsewhere (or not a tar at all, for bad-input tests).</summary>
    public static async Task<TestLayer> FromTarAsync(ReadOnlyMemory<byte> tar, TestLayerCompression compression = TestLayerCompression.Gzip) =>
        new(tar, await LayerCompressor.CompressAsync(tar, compression), compression);

    /// <summary>A layer of one file, <paramref name="fileName"/>, of <paramref name="megabytes"/> MiB of random bytes: incompressible, for size and speed tests.</summary>
    public static async Task<TestLayer> RandomAsync(int megabytes, TestLayerCompression compression = TestLayerCompression.Gzip, string fileName = "random.bin")
    {
        var content = new byte[megabytes * 1024L * 1024L];
        Random.Shared.NextBytes(content);
        var tar = LayerTar.Write([TestLayerEntry.File(fileName, content)]);
        return new TestLayer(tar, await LayerCompressor.CompressAsync(tar, compression, incompressible: true), compression);
    }
}
