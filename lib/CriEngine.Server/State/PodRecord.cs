namespace CriEngine.Server.State;

/// <summary>
/// A pod as the engine keeps it, written atomically on every change. Whatever the pod was
/// created with (runtime handler, monitor, cgroup manager, pause image) is recorded here and
/// never read again from the live config, so a reload changes only pods created after it.
/// </summary>
/// <param name="Config">The kubelet's <c>PodSandboxConfig</c>, protobuf bytes in base64: the source of labels, annotations and metadata.</param>
/// <param name="InfraPid">The infra container's pid while it runs; 0 otherwise.</param>
/// <param name="Resources">The kubelet's last UpdatePodSandboxResources in force (its overhead and resources, protobuf bytes in base64, the id left out); null until the first.</param>
/// <param name="Resizing">An UpdatePodSandboxResources being applied, recorded before the first cgroup write and cleared after the last: one still here at start was cut short by a crash.</param>
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
    IReadOnlyList<string> Ips,
    string? Resources = null,
    string? Resizing = null);
