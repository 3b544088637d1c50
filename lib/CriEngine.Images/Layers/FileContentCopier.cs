using CriEngine.Grpc;

namespace CriEngine.Images.Layers;

/// <summary>
/// Copies file content from the tar to disk in large pieces, writing one piece while the next
/// is read and decompressed. One copier serves a whole layer, so its buffers are made once.
/// </summary>
internal sealed class FileContentCopier
{
    private const int BufferSize = 1 << 20;

    private byte[] _filling = new byte[BufferSize];
    private byte[] _writing = new byte[BufferSize];

    /// <summary>Copies all of <paramref name="source"/> into <paramref name="file"/>; returns the bytes written.</summary>
    /// <exception cref="RpcException">
    /// InvalidArgument naming the entry for corrupt or truncated data; Internal for a failed write.
    /// Other failures of the source pass through as they are.
    /// </exception>
    public async Task<long> CopyAsync(Stream source, FileStream file, string entryName, CancellationToken cancellationToken)
    {
        long total = 0;
        var write = Task.CompletedTask;
        try
        {
            while (true)
            {
                var filled = await FillAsync(source, _filling, entryName, cancellationToken).ConfigureAwait(false);
                await WrittenAsync(write, file, entryName).ConfigureAwait(false);
                total += filled;
                if (filled < _filling.Length)
                {
                    // The last piece, often a small file's only one, is written at once: a hop to
                    // the thread pool would cost more than it overlaps.
                    await WrittenAsync(file.WriteAsync(_filling.AsMemory(0, filled), CancellationToken.None).AsTask(), file, entryName).ConfigureAwait(false);
                    return total;
                }
                write = file.WriteAsync(_filling, CancellationToken.None).AsTask();
                (_filling, _writing) = (_writing, _filling);
            }
        }
        catch
        {
            // The caller closes the file once this returns: a write still in flight must end first.
            await write.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the content ends.</summary>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, string entryName, CancellationToken cancellationToken)
    {
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    break;
                filled += read;
            }
        }
        catch (Exception e) when (TarStreamErrors.IsCorruptData(e))
        {
            throw new RpcException(StatusCode.InvalidArgument, $"tar entry \"{entryName}\": its content is corrupt or truncated: {e.Message}", e);
        }
        return filled;
    }

    private static async Task WrittenAsync(Task write, FileStream file, string entryName)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.Internal, $"tar entry \"{entryName}\": writing {file.Name}: {e.Message}", e);
        }
    }
}
