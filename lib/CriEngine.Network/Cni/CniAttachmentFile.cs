using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Platform;

namespace CriEngine.Network.Cni;

/// <summary>A pod's <see cref="CniAttachment"/> on disk, written atomically: what its DEL needs, across restarts.</summary>
public static class CniAttachmentFile
{
    public static async Task WriteAsync(string path, CniAttachment attachment, CancellationToken cancellationToken = default) =>
        await AtomicFile.WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(attachment, CniJsonContext.Default.CniAttachment), cancellationToken).ConfigureAwait(false);

    /// <summary>The attachment, or null when there is none (never attached, or detached already).</summary>
    public static async Task<CniAttachment?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var file = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(file, CniJsonContext.Default.CniAttachment, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("null");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new RpcException(StatusCode.Internal, $"{path}: unreadable CNI attachment: {e.Message}", e);
        }
    }
}
