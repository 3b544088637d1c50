using System.Text.Json.Serialization;
using CriEngine.Images.Store;
using CriEngine.Server.State;

namespace CriEngine.Server;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ImageRecord))]
[JsonSerializable(typeof(PodRecord))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
