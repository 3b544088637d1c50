using System.Text.Json.Serialization;

namespace CriEngine.Images.Store;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ImageRecord))]
[JsonSerializable(typeof(LayerRecord))]
[JsonSerializable(typeof(RootfsRecord))]
[JsonSerializable(typeof(ImageVolumeRecord))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
