using System.Text.Json.Serialization;

namespace CriEngine.Network.Cni;

// Empty fields are left out, as Go's omitempty leaves them out of libcni's cache files.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CniCacheEntry))]
internal sealed partial class CniJsonContext : JsonSerializerContext;
