using System.Text.Json.Serialization;

namespace CriEngine.Oci.Cdi;

/// <summary>Source-generated JSON for CDI specification files; names match case-insensitively, as Go's encoding/json reads them.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CdiSpec))]
internal sealed partial class CdiJsonContext : JsonSerializerContext;
