using System.Text.Json.Serialization;

namespace CriEngine.Oci.Hooks;

/// <summary>Source-generated JSON for hook files; names match case-insensitively, as Go's encoding/json reads them.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(HookDefinition))]
internal sealed partial class HooksJsonContext : JsonSerializerContext;
