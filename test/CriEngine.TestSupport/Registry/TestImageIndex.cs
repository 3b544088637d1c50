using System.Text.Json.Nodes;
using CriEngine.Images.References;

namespace CriEngine.TestSupport.Registry;

/// <summary>An OCI image index or Docker manifest list over test images, one entry per image with its config's platform.</summary>
public sealed class TestImageIndex
{
    public TestImageIndex(IReadOnlyList<TestImage> images, TestManifestFormat format = TestManifestFormat.Oci)
    {
        Images = images;
        Format = format;
        MediaType = TestMediaTypes.Index(format);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaType,
            ["manifests"] = new JsonArray([.. images.Select(Entry)]),
        };
        Manifest = JsonBytes.Of(index);
        Digest = Digest.Of(Manifest);
    }

    public IReadOnlyList<TestImage> Images { get; }

    public TestManifestFormat Format { get; }

    public string MediaType { get; }

    /// <summary>The index JSON.</summary>
    public byte[] Manifest { get; }

    public Digest Digest { get; }

    private static JsonNode Entry(TestImage image)
    {
        var entry = JsonBytes.Descriptor(image.ManifestMediaType, image.ManifestDigest, image.Manifest.Length);
        entry["platform"] = image.Platform();
        return entry;
    }
}
