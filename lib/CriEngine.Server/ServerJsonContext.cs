using System.Text.Json.Serialization;
using CriEngine.Images.Store;

namespace CriEngine.Server;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ImageRecord))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
