using System.Buffers;
using CriEngine.Grpc;

namespace CriEngine.Images.Layers;

/// <summary>
/// Copies file content from the tar to disk in large pieces, writing one piece while the next
/// is read and decompressed. The buffers come from the shared pool: arrays this large would
/// otherwise each cost a full garbage collection.
/// </summary>
internal sealed class FileContentCopier
{
    private const int BufferSize = 1 << 20;

    /// <summary>Copies all of <paramref name="source"/> into <paramref name="file"/>; returns the bytes written.</summary>
    /// <exception cref="RpcException">
    /// InvalidArgument naming the entry for corrupt or truncated data; Internal for a failed write.
    /// Other failures of the source pass through as they are.
    /// </exception>
    public async Task<long> CopyAsync(Stream source, FileStream file, string entryName, CancellationToken cancellationToken)
    {
        var filling = ArrayPool<byte>.Shared.Rent(BufferSize);
        var writing = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        var write = Task.CompletedTask;
        try
        {
            while (true)
            {
                var filled = await FillAsync(source, filling, entryName, cancellationToken).ConfigureAwait(false);
                await WrittenAsync(write, file, entryName).ConfigureAwait(false);
                total += filled;
                if (filled < BufferSize)
                {
                    // The last piece, often a small file's only one, is written at once and in
                    // place: it lands in the page cache, and a hop to the thread pool would cost
                    // more than it overlaps.
                    Write(file, filling.AsSpan(0, filled), entryName);
                    return total;
                }
                write = file.WriteAsync(filling.AsMemory(0, BufferSize), CancellationToken.None).AsTask();
                (filling, writing) = (writing, filling);
            }
        }
        finally
        {
            // The caller closes the file once this returns, and the buffers go back to the pool:
            // a write still in flight must end first.
            await write.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(filling);
            ArrayPool<byte>.Shared.Return(writing);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the content ends.</summary>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, string entryName, CancellationToken cancellationToken)
    {
        var filled = 0;
        try
        {
            while (filled < BufferSize)
            {
                var read = await source.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), cancellationToken).ConfigureAwait(false);
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

    private static void Write(FileStream file, ReadOnlySpan<byte> content, string entryName)
    {
        try
        {
            file.Write(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.Internal, $"tar entry \"{entryName}\": writing {file.Name}: {e.Message}", e);
        }
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
