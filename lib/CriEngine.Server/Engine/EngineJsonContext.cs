using System.Text.Json.Serialization;

namespace CriEngine.Server.Engine;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<UndoStep>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
