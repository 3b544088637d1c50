using System.Text.Json.Serialization;
using CriEngine.Images.Store;

namespace CriEngine.Server;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ImageRecord))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
