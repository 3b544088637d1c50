using CriEngine.Images.References;
using CriEngine.Platform;

namespace CriEngine.Images.Store;

/// <summary>Manifests and image configs, by digest. Layer blobs are not kept: they are unpacked as they stream.</summary>
public sealed class BlobStore(StorePaths paths)
{
    public async Task PutAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = paths.Blob(digest);
        if (!File.Exists(path))
            await AtomicFile.WriteAsync(path, content, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]?> GetAsync(Digest digest, CancellationToken cancellationToken)
    {
        var path = paths.Blob(digest);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    public long SizeOf(Digest digest)
    {
        var file = new FileInfo(paths.Blob(digest));
        return file.Exists ? file.Length : 0;
    }

    public void Delete(Digest digest) => File.Delete(paths.Blob(digest));
}
