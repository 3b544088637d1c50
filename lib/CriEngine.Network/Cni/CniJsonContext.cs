using System.Text.Json.Serialization;

namespace CriEngine.Network.Cni;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CniAttachment))]
internal sealed partial class CniJsonContext : JsonSerializerContext;
