using System.Text.Json.Serialization;

namespace CriEngine.Oci.Checkpoint;

/// <summary>config.dump: checkpointctl's ContainerConfig, the fields and JSON names CRI-O writes.</summary>
public sealed record CheckpointConfigDump
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The image as the user asked for it.</summary>
    [JsonPropertyName("rootfsImage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? RootfsImage { get; init; }

    /// <summary>The image's ID.</summary>
    [JsonPropertyName("rootfsImageRef")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? RootfsImageRef { get; init; }

    /// <summary>A name of the image.</summary>
    [JsonPropertyName("rootfsImageName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? RootfsImageName { get; init; }

    /// <summary>The runtime handler the pod runs on.</summary>
    [JsonPropertyName("runtime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? Runtime { get; init; }

    [JsonPropertyName("createdTime")]
    public DateTimeOffset CreatedTime { get; init; }

    [JsonPropertyName("checkpointedTime")]
    public DateTimeOffset CheckpointedTime { get; init; }

    /// <summary>Go's zero time for a container never restored, as CRI-O writes it.</summary>
    [JsonPropertyName("restoredTime")]
    public DateTimeOffset RestoredTime { get; init; } = DateTimeOffset.MinValue;

    [JsonPropertyName("restored")]
    public bool Restored { get; init; }
}
