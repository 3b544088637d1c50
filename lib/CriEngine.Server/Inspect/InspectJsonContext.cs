using System.Text.Json.Serialization;

namespace CriEngine.Server.Inspect;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CrioInfo))]
[JsonSerializable(typeof(ContainerInfo))]
internal sealed partial class InspectJsonContext : JsonSerializerContext;
