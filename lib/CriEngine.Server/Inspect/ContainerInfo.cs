namespace CriEngine.Server.Inspect;

/// <summary>
/// What <c>GET /containers/ID</c> answers, with CRI-O's field names (<c>pkg/types.ContainerInfo</c>):
/// cAdvisor reads it for every container cgroup it finds, infra containers included.
/// </summary>
/// <param name="CreatedTime">Nanoseconds since the epoch.</param>
/// <param name="CrioAnnotations">The annotations of the container's OCI spec, CRI-O's own among them.</param>
/// <param name="Root">The container's root filesystem as mounted on the host.</param>
/// <param name="Sandbox">The pod's id.</param>
public sealed record ContainerInfo(
    string Name,
    int Pid,
    string Image,
    string ImageRef,
    long CreatedTime,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> CrioAnnotations,
    string LogPath,
    string Root,
    string Sandbox,
    IReadOnlyList<string> IpAddresses,
    bool HostNetwork);
