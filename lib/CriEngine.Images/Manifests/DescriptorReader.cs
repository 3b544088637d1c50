using System.Text.Json;
using CriEngine.Images.References;

namespace CriEngine.Images.Manifests;

/// <summary>Reads descriptors (and their platforms) out of a manifest or index.</summary>
internal static class DescriptorReader
{
    public static Descriptor Read(JsonFields fields, JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw fields.Invalid(path, "expected an object");
        var digestText = fields.RequiredString(element, "digest", $"{path}.digest");
        if (!Digest.TryParse(digestText, out var digest))
            throw fields.Invalid($"{path}.digest", $"invalid digest \"{digestText}\"");
        var sizeElement = fields.Required(element, "size", $"{path}.size", JsonValueKind.Number);
        if (!sizeElement.TryGetInt64(out var size) || size < 0)
            throw fields.Invalid($"{path}.size", $"invalid size {sizeElement.GetRawText()}");
        return new Descriptor(
            fields.RequiredString(element, "mediaType", $"{path}.mediaType"),
            digest,
            size,
            fields.OptionalStrings(element, "urls", $"{path}.urls"),
            ReadPlatform(fields, element, $"{path}.platform"),
            fields.OptionalStringMap(element, "annotations", $"{path}.annotations"));
    }

    public static IReadOnlyList<Descriptor> ReadAll(JsonFields fields, JsonElement parent, string name)
    {
        var array = fields.Required(parent, name, name, JsonValueKind.Array);
        var descriptors = new List<Descriptor>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
            descriptors.Add(Read(fields, item, $"{name}[{descriptors.Count}]"));
        return descriptors;
    }

    private static ImagePlatform? ReadPlatform(JsonFields fields, JsonElement descriptor, string path)
    {
        if (fields.Optional(descriptor, "platform", path, JsonValueKind.Object) is not { } platform)
            return null;
        return new ImagePlatform(
            fields.RequiredString(platform, "os", $"{path}.os"),
            fields.RequiredString(platform, "architecture", $"{path}.architecture"),
            fields.OptionalString(platform, "variant", $"{path}.variant"),
            fields.OptionalString(platform, "os.version", $"{path}.os.version"),
            fields.OptionalStrings(platform, "os.features", $"{path}.os.features"));
    }
}
