using System.Text.Json.Serialization;

namespace CriEngine.Oci.Seccomp;

/// <summary>Source-generated JSON for profile files; unknown fields ("comment") are ignored, as CRI-O ignores them.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(SeccompProfile))]
internal sealed partial class SeccompProfileJsonContext : JsonSerializerContext;
