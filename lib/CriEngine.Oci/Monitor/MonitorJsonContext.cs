using System.Text.Json.Serialization;

namespace CriEngine.Oci.Monitor;

[JsonSerializable(typeof(SyncMessage))]
internal sealed partial class MonitorJsonContext : JsonSerializerContext;
