using System.Text.Json.Serialization;

namespace CriEngine.Oci.Checkpoint;

[JsonSerializable(typeof(CheckpointConfigDump))]
[JsonSerializable(typeof(List<CheckpointBindMount>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
