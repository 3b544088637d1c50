using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>Source-generated JSON for the map-valued annotations (labels, Kubernetes annotations).</summary>
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class AnnotationJsonContext : JsonSerializerContext;
