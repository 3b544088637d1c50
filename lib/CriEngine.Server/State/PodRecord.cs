namespace CriEngine.Server.State;

/// <summary>
/// A pod as the engine keeps it, written atomically on every change. Whatever the pod was
/// created with (runtime handler, monitor, cgroup manager, pause image) is recorded here and
/// never read again from the live config, so a reload changes only pods created after it.
/// </summary>
/// <param name="Config">The kubelet's <c>PodSandboxConfig</c>, protobuf bytes in base64: the source of labels, annotations and metadata.</param>
/// <param name="InfraPid">The infra container's pid while it runs; 0 otherwise.</param>
public sealed record PodRecord(
    string Id,
    string Name,
    string Config,
    DateTimeOffset CreatedAt,
    PodPhase State,
    string RuntimeHandler,
    RuntimeRecord Runtime,
    string CgroupManager,
    string CgroupParent,
    string PodCgroup,
    string MonitorCgroup,
    string PauseImage,
    string PauseImageId,
    string? NetnsPath,
    string Directory,
    string ShmPath,
    int InfraPid,
    IReadOnlyList<string> Ips);
