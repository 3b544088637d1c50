using System.Security.Cryptography;
using CriEngine.Grpc;
using CriEngine.Images.References;
using CriEngine.Images.Registry;

namespace CriEngine.Images.Tests.Registry;

public sealed class DigestVerifyingStreamTests
{
    private static readonly byte[] Blob = RandomNumberGenerator.GetBytes(300_000);
    private static readonly Digest BlobDigest = Digest.Of(Blob);

    private static DigestVerifyingStream Verifying(byte[] served) =>
        new(new MemoryStream(served), BlobDigest, Blob.Length, $"blob {BlobDigest}");

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Test]
    public async Task Right_content_passes_through_unchanged()
    {
        await using var stream = Verifying(Blob);

        Assert.That(await ReadAllAsync(stream), Is.EqualTo(Blob));
    }

    [Test]
    public void Right_content_passes_through_synchronous_reads()
    {
        using var stream = Verifying(Blob);
        var copy = new MemoryStream();

        stream.CopyTo(copy);

        Assert.That(copy.ToArray(), Is.EqualTo(Blob));
    }

    [Test]
    public void One_flipped_byte_fails_naming_both_digests()
    {
        var served = (byte[])Blob.Clone();
        served[123_456] ^= 0x01;

        var error = Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Verifying(served)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"blob {BlobDigest}: digest mismatch").And.Contain($"got {Digest.Of(served)}").And.Contain($"expected {BlobDigest}"));
    }

    [Test]
    public void One_extra_byte_fails_naming_the_digest()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Verifying([.. Blob, 0x00])));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"more than the expected {Blob.Length} bytes").And.Contain(BlobDigest.ToString()));
    }

    [Test]
    public void One_missing_byte_fails_naming_both_digests_and_sizes()
    {
        var served = Blob[..^1];

        var error = Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Verifying(served)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"got {Digest.Of(served)} ({served.Length} bytes)").And.Contain($"expected {BlobDigest} ({Blob.Length} bytes)"));
    }

    [Test]
    public void A_reader_that_stops_at_the_expected_size_still_gets_the_check()
    {
        var served = (byte[])Blob.Clone();
        served[^1] ^= 0xff;
        using var stream = Verifying(served);
        var buffer = new byte[Blob.Length];

        var error = Assert.ThrowsAsync<RpcException>(async () => await stream.ReadExactlyAsync(buffer));

        Assert.That(error!.Message, Does.Contain("digest mismatch"));
    }

    [Test]
    public void Extra_bytes_after_the_expected_size_fail_even_if_the_reader_stops_there()
    {
        using var stream = Verifying([.. Blob, 1, 2, 3]);
        var buffer = new byte[Blob.Length];

        var error = Assert.ThrowsAsync<RpcException>(async () => await stream.ReadExactlyAsync(buffer));

        Assert.That(error!.Message, Does.Contain("more than the expected"));
    }

    [Test]
    public async Task Empty_blob_passes_when_it_is_empty()
    {
        var empty = Digest.Of([]);
        await using var stream = new DigestVerifyingStream(new MemoryStream(), empty, 0, "blob");

        Assert.That(await ReadAllAsync(stream), Is.Empty);
    }
}
