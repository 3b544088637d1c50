using System.Text.Json.Serialization;

namespace CriEngine.Oci.Runtime;

[JsonSerializable(typeof(OciStateDocument))]
[JsonSerializable(typeof(List<OciStateDocument>))]
[JsonSerializable(typeof(RuntimeLogLine))]
[JsonSerializable(typeof(RuntimeFeaturesDocument))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
