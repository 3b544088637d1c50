using System.Security.Cryptography;
using CriEngine.Grpc;
using CriEngine.Images.References;
using CriEngine.Images.Streams;

namespace CriEngine.Images.Registry;

/// <summary>
/// A read-only stream over a blob that checks the blob while it is read: a byte past the expected
/// size fails at once, and when the expected size is reached the digest is checked before the last
/// bytes are handed out (a reader that stops there, like a tar reader at its end-of-archive
/// blocks, still gets the check), and the source must end there. A source that ends early fails
/// with the size and digest of what it gave.
/// </summary>
internal sealed class DigestVerifyingStream : ReadOnlyStream
{
    private readonly Stream source;
    private readonly Digest expected;
    private readonly long size;
    private readonly string name;
    private readonly IncrementalHash hash;
    private long position;
    private bool verified;

    /// <param name="name">How errors name the blob, e.g. <c>blob sha256:… in host/repo</c>.</param>
    public DigestVerifyingStream(Stream source, Digest expected, long size, string name)
    {
        this.source = source;
        this.expected = expected;
        this.size = size;
        this.name = name;
        hash = expected.CreateHash();
    }

    public override long Length => size;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        if (verified || buffer.IsEmpty)
            return 0;
        if (position == size)
        {
            Finish(source.Read(stackalloc byte[1]));
            return 0;
        }
        var read = source.Read(buffer);
        if (read == 0)
            throw Mismatch(hash.GetCurrentHash());
        Take(buffer[..read]);
        if (position == size)
            Finish(source.Read(stackalloc byte[1]));
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (verified || buffer.IsEmpty)
            return 0;
        if (position == size)
        {
            Finish(await source.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false));
            return 0;
        }
        var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read == 0)
            throw Mismatch(hash.GetCurrentHash());
        Take(buffer.Span[..read]);
        if (position == size)
            Finish(await source.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false));
        return read;
    }

    private void Take(ReadOnlySpan<byte> bytes)
    {
        position += bytes.Length;
        if (position > size)
            throw TooLong();
        hash.AppendData(bytes);
    }

    /// <summary>At the expected size: the source must end, and the digest must match.</summary>
    private void Finish(int extraBytes)
    {
        if (extraBytes > 0)
            throw TooLong();
        var actual = hash.GetHashAndReset();
        if (!expected.Matches(actual))
            throw Mismatch(actual);
        verified = true;
    }

    private RpcException Mismatch(byte[] actual) => new(
        StatusCode.InvalidArgument,
        $"{name}: digest mismatch: got {expected.Algorithm}:{Convert.ToHexStringLower(actual)} ({position} bytes), expected {expected} ({size} bytes)");

    private RpcException TooLong() =>
        new(StatusCode.InvalidArgument, $"{name}: digest mismatch: more than the expected {size} bytes, expected {expected}");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
            hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
