using System.Security.Cryptography;
using CriEngine.Images.Streams;

namespace CriEngine.Images.Pull;

/// <summary>Passes a stream through while hashing what is read: the uncompressed layer, whose digest is its diff ID.</summary>
internal sealed class HashingReadStream(Stream source, IncrementalHash hash) : ReadOnlyStream
{
    /// <summary>Reads what the consumer left (a tar reader stops before the archive's padding), so the hash covers everything.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 << 10];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public byte[] Hash() => hash.GetHashAndReset();

    public override int Read(Span<byte> buffer)
    {
        var read = source.Read(buffer);
        hash.AppendData(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        hash.AppendData(buffer.Span[..read]);
        return read;
    }

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
