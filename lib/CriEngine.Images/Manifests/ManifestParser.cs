using System.Text.Json;
using CriEngine.Grpc;

namespace CriEngine.Images.Manifests;

/// <summary>
/// Parses a manifest as a registry serves it. The kind is decided by the document's own
/// <c>mediaType</c> field when it has one, else by the Content-Type it was served with, else by its
/// shape (<c>manifests</c> makes an index; <c>config</c>/<c>layers</c> an image manifest), as
/// containers/image guesses it. Layer media types are not judged here: the unpacker does.
/// </summary>
public static class ManifestParser
{
    private const string Document = "manifest";

    public static ManifestDocument Parse(byte[] content, string? contentType) => Parse(content.AsSpan(), contentType);

    /// <exception cref="RpcException">
    /// Unimplemented for Docker schema 1; InvalidArgument for an unknown media type or a malformed document.
    /// </exception>
    public static ManifestDocument Parse(ReadOnlySpan<byte> content, string? contentType)
    {
        using var document = ParseJson(content);
        var root = document.RootElement;
        var fields = new JsonFields(Document);
        if (root.ValueKind != JsonValueKind.Object)
            throw fields.Invalid("$", "expected a JSON object");

        var declared = fields.OptionalString(root, "mediaType", "mediaType");
        var schemaVersion = fields.Optional(root, "schemaVersion", "schemaVersion", JsonValueKind.Number);
        if (schemaVersion?.TryGetInt32(out var version) == true && version == 1)
            throw Schema1(declared ?? ManifestMediaTypes.DockerSchema1);

        var mediaType = declared ?? Served(contentType) ?? Shape(root, fields);
        if (ManifestMediaTypes.IsSchema1(mediaType))
            throw Schema1(mediaType);
        if (schemaVersion is { } number && !(number.TryGetInt32(out version) && version == 2))
            throw fields.Invalid("schemaVersion", $"unsupported schema version {number.GetRawText()}");

        if (ManifestMediaTypes.IsIndex(mediaType))
            return new ImageIndex(
                mediaType,
                DescriptorReader.ReadAll(fields, root, "manifests"),
                fields.OptionalStringMap(root, "annotations", "annotations"));
        if (ManifestMediaTypes.IsImageManifest(mediaType))
            return new ImageManifest(
                mediaType,
                DescriptorReader.Read(fields, fields.Required(root, "config", "config", JsonValueKind.Object), "config"),
                DescriptorReader.ReadAll(fields, root, "layers"),
                fields.OptionalStringMap(root, "annotations", "annotations"));
        throw new RpcException(StatusCode.InvalidArgument, $"manifest media type \"{mediaType}\" is not supported");
    }

    private static JsonDocument ParseJson(ReadOnlySpan<byte> content)
    {
        try
        {
            var reader = new Utf8JsonReader(content);
            var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                throw new JsonException("data after the JSON document");
            }
            return document;
        }
        catch (JsonException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"manifest is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The Content-Type's media type, unless it is a generic one that says nothing about the manifest.</summary>
    private static string? Served(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return null;
        var mediaType = ManifestMediaTypes.FromContentType(contentType);
        return mediaType is "" or "application/json" or "text/plain" or "application/octet-stream" or "binary/octet-stream" ? null : mediaType;
    }

    private static string Shape(JsonElement root, JsonFields fields)
    {
        if (root.TryGetProperty("manifests", out _))
            return ManifestMediaTypes.OciIndex;
        if (root.TryGetProperty("config", out _) || root.TryGetProperty("layers", out _))
            return ManifestMediaTypes.OciManifest;
        if (root.TryGetProperty("fsLayers", out _))
            return ManifestMediaTypes.DockerSchema1;
        throw fields.Invalid("$", "no mediaType, and neither an index (manifests) nor an image manifest (config, layers)");
    }

    private static RpcException Schema1(string mediaType) => new(StatusCode.Unimplemented, $"manifest is {Schema1Problem(mediaType)}");

    /// <summary>Why a schema 1 manifest is refused, for messages that name it.</summary>
    internal static string Schema1Problem(string mediaType) =>
        $"Docker schema 1 ({mediaType}), which is not supported: push the image again with a current tool (Docker schema 2 or OCI)";
}
