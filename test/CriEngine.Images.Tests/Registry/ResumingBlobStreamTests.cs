using System.Security.Cryptography;
using CriEngine.Grpc;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Registry;

/// <summary>The resume logic over in-memory bodies; the real registry cases are in the integration tests.</summary>
public sealed class ResumingBlobStreamTests
{
    private static readonly byte[] Blob = RandomNumberGenerator.GetBytes(100_000);

    private static readonly RegistryClientOptions Options = new() { RetryCount = 2, InitialBackoff = TimeSpan.FromMilliseconds(1) };

    /// <summary>A body that gives <paramref name="until"/> bytes from <paramref name="from"/> and then fails as a dropped connection does.</summary>
    private static Stream Breaking(int from, int until) => new BreakingStream(Blob.AsMemory(from, until - from));

    private static ResumingBlobStream Resuming(Stream first, Func<long, Stream> reopen, List<long> offsets) => new(
        first,
        Blob.Length,
        (offset, _) =>
        {
            offsets.Add(offset);
            return Task.FromResult(reopen(offset));
        },
        Options,
        "registry.example",
        "blob x",
        new TestLogger());

    [Test]
    public async Task Dropped_body_resumes_from_the_first_missing_byte()
    {
        var offsets = new List<long>();
        await using var stream = Resuming(Breaking(0, 40_000), offset => new MemoryStream(Blob[(int)offset..]), offsets);
        var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.That(copy.ToArray(), Is.EqualTo(Blob));
        Assert.That(offsets, Is.EqualTo(new[] { 40_000L }));
    }

    [Test]
    public void Too_many_drops_fail_as_unavailable_naming_the_blob_and_offset()
    {
        var offsets = new List<long>();
        using var stream = Resuming(Breaking(0, 10_000), offset => Breaking((int)offset, (int)offset + 10_000), offsets);

        var error = Assert.ThrowsAsync<RpcException>(() => stream.CopyToAsync(Stream.Null));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Message, Does.StartWith("blob x: connection lost at byte 30000 of 100000"));
        Assert.That(offsets, Is.EqualTo(new[] { 10_000L, 20_000L }));
    }

    private sealed class BreakingStream(ReadOnlyMemory<byte> content) : MemoryStream(content.ToArray())
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position == Length ? throw new IOException("The response ended prematurely.") : base.ReadAsync(buffer, cancellationToken);
    }
}
