using System.Text.Json.Nodes;
using CriEngine.Images.References;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// An image built in memory: its config and manifest bytes are fixed at construction, so
/// the digests are known before anything is pushed.
/// </summary>
public sealed class TestImage
{
    public TestImage(TestImageConfig config, IReadOnlyList<TestLayer> layers, TestManifestFormat format = TestManifestFormat.Oci)
    {
        Config = config;
        Layers = layers;
        Format = format;
        ConfigJson = config.ToJson(layers.Select(l => l.DiffId));
        ConfigDigest = Digest.Of(ConfigJson);
        ManifestMediaType = TestMediaTypes.Manifest(format);
        ConfigMediaType = TestMediaTypes.Config(format);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["config"] = JsonBytes.Descriptor(ConfigMediaType, ConfigDigest, ConfigJson.Length),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode?)JsonBytes.Descriptor(l.MediaTypeIn(format), l.Digest, l.Size))]),
        };
        Manifest = JsonBytes.Of(manifest);
        ManifestDigest = Digest.Of(Manifest);
    }

    public TestImageConfig Config { get; }

    public IReadOnlyList<TestLayer> Layers { get; }

    public TestManifestFormat Format { get; }

    public byte[] ConfigJson { get; }

    public Digest ConfigDigest { get; }

    public string ConfigMediaType { get; }

    public byte[] Manifest { get; }

    public Digest ManifestDigest { get; }

    public string ManifestMediaType { get; }

    /// <summary>The platform an index lists this image under, from its config.</summary>
    internal JsonObject Platform()
    {
        var platform = new JsonObject { ["architecture"] = Config.Architecture, ["os"] = Config.Os };
        if (Config.Variant is not null)
            platform["variant"] = Config.Variant;
        return platform;
    }
}
