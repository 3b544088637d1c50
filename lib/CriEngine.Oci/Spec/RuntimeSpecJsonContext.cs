using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>Source-generated JSON for config.json: indented like CRI-O's, null properties left out.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(OciResources))]
internal sealed partial class RuntimeSpecJsonContext : JsonSerializerContext;
