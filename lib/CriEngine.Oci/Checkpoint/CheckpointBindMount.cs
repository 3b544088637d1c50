using System.Text.Json.Serialization;

namespace CriEngine.Oci.Checkpoint;

/// <summary>One entry of bind.mounts: a bind mount's source, whether it is a file or a directory, and its permissions.</summary>
public sealed record CheckpointBindMount(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("destination")] string Destination,
    [property: JsonPropertyName("file_type")] string FileType,
    [property: JsonPropertyName("permissions")] uint Permissions);
