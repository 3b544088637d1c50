using System.Text;
using System.Text.Json;
using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc.Http1;
using CriEngine.Oci.Spec;
using CriEngine.Server.Pods;
using CriEngine.Server.State;

namespace CriEngine.Server.Inspect;

/// <summary>
/// CRI-O's HTTP/1.1 endpoints beside gRPC on the CRI socket (its <c>server/inspect.go</c>), which
/// <c>crio status</c> and cAdvisor read: <c>GET /info</c>, <c>GET /config</c> (the configuration in
/// force, as TOML) and <c>GET /containers/ID</c> (a container, or a pod's infra container by the pod's id).
/// </summary>
public sealed class InspectEndpoints(LiveConfig config, Engine.Engine engine)
{
    private const string ContainersPrefix = "/containers/";

    public async Task<Http1Response> HandleAsync(Http1Request request, CancellationToken cancellationToken)
    {
        var route = request.Path switch
        {
            "/info" or "/config" => request.Path,
            _ when request.Path.StartsWith(ContainersPrefix, StringComparison.Ordinal) && request.Path.Length > ContainersPrefix.Length
                && request.Path.IndexOf('/', ContainersPrefix.Length) < 0 => ContainersPrefix,
            _ => null,
        };
        if (route is null)
            return Http1Response.Text(404, "404 page not found");
        if (request.Method != "GET")
            return Http1Response.Text(405, $"405 method {request.Method} not allowed") with { Headers = [new("Allow", "GET")] };

        var snapshot = config.Current.Config;
        return route switch
        {
            "/info" => Json(JsonSerializer.SerializeToUtf8Bytes(Info(snapshot), InspectJsonContext.Default.CrioInfo)),
            "/config" => new Http1Response(200, "application/toml", Encoding.UTF8.GetBytes(ConfigRenderer.ToToml(snapshot))),
            _ => await ContainerAsync(request.Path[ContainersPrefix.Length..], cancellationToken).ConfigureAwait(false),
        };
    }

    private static CrioInfo Info(CrioConfig snapshot) => new(
        snapshot.Crio.StorageDriver,
        snapshot.Crio.ImageStore,
        snapshot.Crio.Root,
        snapshot.Runtime.CgroupManager,
        // The engine maps no ids by default (uid_mappings is not acted on): the whole range, as CRI-O lists it then.
        new IdMappings([WholeRange], [WholeRange]));

    private static IdMap WholeRange { get; } = new(0, 0, uint.MaxValue);

    private async Task<Http1Response> ContainerAsync(string id, CancellationToken cancellationToken)
    {
        ContainerInfo? info;
        if (engine.Containers.Find(id) is { } container)
            info = await ContainerInfoAsync(container, cancellationToken).ConfigureAwait(false);
        else if (engine.Pods.Find(id) is { } pod)
            info = await InfraInfoAsync(pod, cancellationToken).ConfigureAwait(false);
        else
            return Http1Response.Text(404, $"can't find the container with id {id}");
        return info is null
            ? Http1Response.Text(404, $"can't find the sandbox for container id {id}")
            : Json(JsonSerializer.SerializeToUtf8Bytes(info, InspectJsonContext.Default.ContainerInfo));
    }

    private async Task<ContainerInfo?> ContainerInfoAsync(ContainerRecord container, CancellationToken cancellationToken)
    {
        if (engine.Pods.Find(container.PodId) is not { } pod)
            return null;
        var config = ContainerStatusMapper.Config(container);
        var spec = await SpecFile.ReadAsync(container.Bundle, cancellationToken).ConfigureAwait(false);
        return new ContainerInfo(
            container.Name,
            container.Pid,
            container.Image,
            container.ImageRef,
            PodStatusMapper.Nanoseconds(container.CreatedAt),
            new Dictionary<string, string>(config.Labels),
            new Dictionary<string, string>(config.Annotations),
            Annotations(spec),
            container.LogPath,
            RootOf(spec, container.Bundle),
            pod.Id,
            pod.Ips,
            HostNetwork(PodStatusMapper.Config(pod)));
    }

    /// <summary>
    /// A pod's infra container. Its pid is that of a running container of the pod when the infra
    /// container reports none, as CRI-O answers: the pid serves to find the pod's network statistics.
    /// </summary>
    private async Task<ContainerInfo> InfraInfoAsync(PodRecord pod, CancellationToken cancellationToken)
    {
        var config = PodStatusMapper.Config(pod);
        var bundle = engine.Directories.Bundle(pod.Id);
        var spec = await SpecFile.ReadAsync(bundle, cancellationToken).ConfigureAwait(false);
        var annotations = Annotations(spec);
        var pid = pod.InfraPid != 0
            ? pod.InfraPid
            : engine.Containers.All.Where(c => c.PodId == pod.Id && c.State == ContainerPhase.Running).Select(c => c.Pid).FirstOrDefault(p => p > 0);
        return new ContainerInfo(
            CrioNames.SandboxContainer(config.Metadata),
            pid,
            pod.PauseImage,
            pod.PauseImageId,
            PodStatusMapper.Nanoseconds(pod.CreatedAt),
            new Dictionary<string, string>(config.Labels),
            new Dictionary<string, string>(config.Annotations),
            annotations,
            annotations.GetValueOrDefault(CrioAnnotations.LogPath, ""),
            RootOf(spec, bundle),
            pod.Id,
            pod.Ips,
            HostNetwork(config));
    }

    private static IReadOnlyDictionary<string, string> Annotations(RuntimeSpec? spec) =>
        spec?.Annotations ?? new Dictionary<string, string>();

    private static string RootOf(RuntimeSpec? spec, string bundle) =>
        spec?.Root?.Path is { } root ? Path.Combine(bundle, root) : "";

    private static bool HostNetwork(PodSandboxConfig config) =>
        config.Linux?.SecurityContext?.NamespaceOptions?.Network == NamespaceMode.Node;

    private static Http1Response Json(byte[] body) => new(200, "application/json", body);
}
