using System.Text.Json;
using System.Text.Json.Serialization;
using CriEngine.Grpc;

namespace CriEngine.Network.Cni;

/// <summary>
/// The attachment file an engine before libcni's result cache kept beside a pod's record
/// (<c>pods/ID/network.json</c>), read only: a pod that such an engine attached is still
/// detached (its addresses released, its port mappings undone) by an upgraded one.
/// </summary>
public static class LegacyAttachmentFile
{
    public const string Name = "network.json";

    /// <summary>The attachment, or null when there is none (never attached, detached already, or attached through the cache).</summary>
    public static async Task<CniAttachment?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var file = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(file, LegacyAttachmentJsonContext.Default.CniAttachment, cancellationToken).ConfigureAwait(false)
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

/// <summary>The attachment file's format as it was written: camelCase names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CniAttachment))]
internal sealed partial class LegacyAttachmentJsonContext : JsonSerializerContext;
