using System.IO.Compression;
using CriEngine.Grpc;
using CriEngine.Images.Layers;

namespace CriEngine.Images.Tests.Layers;

public sealed class LayerDecompressionTests : LayerDirectoryTest
{
    private static readonly byte[] Tar = new LayerTar()
        .Directory("etc")
        .File("etc/os-release", "ID=test\n")
        .File("usr/lib/blob", Enumerable.Range(0, 700_000).Select(i => (byte)(i * 7 % 251)).ToArray())
        .ToArray();

    [TestCase("application/vnd.oci.image.layer.v1.tar", "none")]
    [TestCase("application/vnd.oci.image.layer.nondistributable.v1.tar", "none")]
    [TestCase("application/vnd.docker.image.rootfs.diff.tar", "none")]
    [TestCase("application/vnd.oci.image.layer.v1.tar+gzip", "gzip")]
    [TestCase("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "gzip")]
    [TestCase("application/vnd.docker.image.rootfs.diff.tar.gzip", "gzip")]
    [TestCase("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "gzip")]
    [TestCase("application/vnd.oci.image.layer.v1.tar+zstd", "zstd")]
    [TestCase("application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", "zstd")]
    public async Task Layer_media_type_opens_to_the_uncompressed_tar(string mediaType, string compression)
    {
        var blob = compression switch
        {
            "gzip" => Gzip(Tar),
            "zstd" => await ZstdAsync(Tar),
            _ => Tar,
        };

        Assert.That(await DecompressAsync(blob, mediaType), Is.EqualTo(Tar));
    }

    [Test]
    public void Unknown_media_type_is_refused_naming_it()
    {
        var error = Assert.Throws<RpcException>(() => LayerDecompression.Open(new MemoryStream(Tar), "application/vnd.oci.image.layer.v1.tar+bzip2"))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("application/vnd.oci.image.layer.v1.tar+bzip2"));
    }

    [Test]
    public async Task Gzip_of_several_members_is_read_whole()
    {
        var blob = Gzip(Tar[..1000]).Concat(Gzip(Tar[1000..400_000])).Concat(Gzip(Tar[400_000..])).ToArray();

        await UnpackAsync(LayerDecompression.Open(new MemoryStream(blob), "application/vnd.oci.image.layer.v1.tar+gzip"));

        Assert.That(File.ReadAllBytes(InLayer("usr/lib/blob")), Has.Length.EqualTo(700_000));
    }

    [Test]
    public async Task Zstd_of_several_frames_is_read_whole()
    {
        var blob = (await ZstdAsync(Tar[..300_001])).Concat(await ZstdAsync(Tar[300_001..])).ToArray();

        Assert.That(await DecompressAsync(blob, "application/vnd.oci.image.layer.v1.tar+zstd"), Is.EqualTo(Tar));
    }

    [Test]
    public async Task Zstd_layer_unpacks()
    {
        var blob = await ZstdAsync(Tar, "-19");

        var stats = await UnpackAsync(LayerDecompression.Open(new MemoryStream(blob), "application/vnd.oci.image.layer.v1.tar+zstd"));

        Assert.That(stats.BytesWritten, Is.EqualTo(700_000 + 8));
        Assert.That(File.ReadAllText(InLayer("etc/os-release")), Is.EqualTo("ID=test\n"));
    }

    [Test]
    public void Truncated_gzip_layer_is_refused_as_corrupt_or_truncated()
    {
        var blob = Gzip(Tar);

        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(LayerDecompression.Open(new MemoryStream(blob[..(blob.Length / 2)]), "application/vnd.oci.image.layer.v1.tar+gzip")))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("truncated"));
    }

    [Test]
    public void Corrupt_gzip_layer_is_refused_as_corrupt()
    {
        var blob = Gzip(Tar);
        for (var i = blob.Length / 3; i < blob.Length / 3 + 64; i++)
            blob[i] ^= 0x5A;

        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(LayerDecompression.Open(new MemoryStream(blob), "application/vnd.oci.image.layer.v1.tar+gzip")))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("corrupt"));
    }

    [Test]
    public void Gzip_with_a_wrong_checksum_is_refused()
    {
        var blob = Gzip(Tar);
        blob[^6] ^= 0xFF;

        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(LayerDecompression.Open(new MemoryStream(blob), "application/vnd.oci.image.layer.v1.tar+gzip")))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    public void Data_that_is_not_gzip_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(LayerDecompression.Open(new MemoryStream(Tar), "application/vnd.oci.image.layer.v1.tar+gzip")))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    public async Task Truncated_zstd_layer_is_refused_as_truncated()
    {
        var blob = await ZstdAsync(Tar);

        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(LayerDecompression.Open(new MemoryStream(blob[..^10]), "application/vnd.oci.image.layer.v1.tar+zstd")))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("truncated"));
    }

    [Test]
    public async Task Corrupt_zstd_layer_is_refused_with_libzstds_reason()
    {
        var blob = await ZstdAsync(Tar);
        for (var i = blob.Length / 2; i < blob.Length / 2 + 32; i++)
            blob[i] ^= 0x5A;

        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(LayerDecompression.Open(new MemoryStream(blob), "application/vnd.oci.image.layer.v1.tar+zstd")))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("zstd: "));
    }

    [Test]
    public async Task Whole_blob_is_read_even_past_the_end_of_the_tar()
    {
        var blob = new MemoryStream(Gzip([.. Tar, .. new byte[64 << 10]]));
        await using var layer = LayerDecompression.Open(blob, "application/vnd.oci.image.layer.v1.tar+gzip");

        await LayerUnpacker.UnpackAsync(layer, Layer, CancellationToken.None);

        Assert.That(blob.Position, Is.EqualTo(blob.Length), "the caller's digest must see every byte");
    }

    private async Task<LayerUnpackStats> UnpackAsync(Stream tar)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using (tar)
            return await LayerUnpacker.UnpackAsync(tar, Layer, timeout.Token);
    }

    private static async Task<byte[]> DecompressAsync(byte[] blob, string mediaType)
    {
        await using var stream = LayerDecompression.Open(new MemoryStream(blob), mediaType);
        var output = new MemoryStream();
        await stream.CopyToAsync(output);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>Compresses with the real zstd command (Debian package zstd).</summary>
    private static Task<byte[]> ZstdAsync(byte[] data, string level = "-3") => TestCommand.RunAsync("zstd", data, "-q", level, "-c");
}
