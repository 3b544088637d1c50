using System.Text.Json;
using System.Text.Json.Nodes;

namespace CriEngine.TestSupport.Registry;

/// <summary>Compact UTF-8 JSON of a node: the exact bytes a digest is taken over.</summary>
internal static class JsonBytes
{
    public static byte[] Of(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            node.WriteTo(writer);
        return buffer.ToArray();
    }

    public static JsonObject Descriptor(string mediaType, CriEngine.Images.References.Digest digest, long size) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = digest.ToString(),
        ["size"] = size,
    };
}
