using System.Text.RegularExpressions;
using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;

namespace CriEngine.Server.Pods;

/// <summary>
/// What the allowed experimental annotations (read from the pod's annotations, a container's
/// own winning) and the pod's workload ask of one container, folded into the container's config
/// as the spec is built from it: extra devices (<c>Devices</c>, only those in
/// <c>allowed_devices</c>), unified cgroup settings (<c>UnifiedCgroup.CONTAINER</c>), no CFS
/// quota (<c>cpu-quota.crio.io: disable</c>), the workload's CPU settings, and the umask.
/// </summary>
internal static partial class AnnotatedContainer
{
    /// <summary>The config the spec is built from (the request is left as it is) and the umask of its process, if one is asked for.</summary>
    public static (ContainerConfig Config, uint? Umask) Apply(
        ContainerConfig requested, IReadOnlyDictionary<string, string> containerAnnotations, IReadOnlyDictionary<string, string> podAnnotations,
        RuntimeSection runtime, string subject)
    {
        var name = requested.Metadata.Name;
        var config = requested.Clone();
        config.Annotations.Clear();
        foreach (var (key, value) in containerAnnotations)
            config.Annotations[key] = value;
        var annotations = new Dictionary<string, string>(podAnnotations, StringComparer.Ordinal);
        foreach (var (key, value) in containerAnnotations)
            annotations[key] = value;

        if (ExperimentalAnnotations.Value(annotations, ExperimentalAnnotations.DevicesV2, ExperimentalAnnotations.Devices) is { Length: > 0 } devices)
            config.Devices.Add(Devices(devices, runtime.AllowedDevices, subject));

        var unified = Unified(annotations, name, subject);
        var disableQuota = ExperimentalAnnotations.Value(annotations, ExperimentalAnnotations.CpuQuota, ExperimentalAnnotations.CpuQuota) is { } quota
            && (quota == "disable" ? true : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: annotation {ExperimentalAnnotations.CpuQuota} = \"{quota}\": the only value is \"disable\""));
        var workload = AnnotationFilter.ActiveWorkload(runtime, podAnnotations);
        if (unified.Count > 0 || disableQuota || workload is not null)
        {
            config.Linux ??= new LinuxContainerConfig();
            var resources = workload is null ? config.Linux.Resources?.Clone() ?? new LinuxContainerResources()
                : WorkloadResources.For(workload, name, podAnnotations, subject).Apply(config.Linux.Resources);
            resources.Unified.Add(unified);
            if (disableQuota)
                resources.CpuQuota = -1;
            config.Linux.Resources = resources;
        }
        return (config, Umask(annotations, subject));
    }

    /// <summary>CRI-O's format: comma-separated <c>HOST[:CONTAINER][:PERMISSIONS]</c>, each host path one of <c>allowed_devices</c>.</summary>
    private static IEnumerable<Device> Devices(string value, ValueList<string> allowedDevices, string subject)
    {
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            var device = parts.Length switch
            {
                1 => new Device { HostPath = parts[0], ContainerPath = parts[0], Permissions = "rwm" },
                2 when IsDeviceMode(parts[1]) => new Device { HostPath = parts[0], ContainerPath = parts[0], Permissions = parts[1] },
                2 => new Device { HostPath = parts[0], ContainerPath = parts[1], Permissions = "rwm" },
                3 when IsDeviceMode(parts[2]) => new Device { HostPath = parts[0], ContainerPath = parts[1], Permissions = parts[2] },
                _ => throw new RpcException(StatusCode.InvalidArgument, $"{subject}: annotation {ExperimentalAnnotations.Devices}: \"{entry}\" is not HOST[:CONTAINER][:PERMISSIONS]"),
            };
            if (!allowedDevices.Contains(device.HostPath, StringComparer.Ordinal))
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: annotation {ExperimentalAnnotations.Devices}: device {device.HostPath} is not in allowed_devices");
            yield return device;
        }
    }

    private static bool IsDeviceMode(string mode) => mode.Length is > 0 and <= 3 && mode.All(c => c is 'r' or 'w' or 'm');

    /// <summary>
    /// The container's unified cgroup settings, <c>KEY=VALUE;KEY=VALUE</c>, from
    /// <c>unified-cgroup.crio.io/NAME</c> or the deprecated <c>io.kubernetes.cri-o.UnifiedCgroup.NAME</c>.
    /// </summary>
    private static Dictionary<string, string> Unified(IReadOnlyDictionary<string, string> annotations, string containerName, string subject)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] keys = [ExperimentalAnnotations.UnifiedCgroupV2 + "/" + containerName, ExperimentalAnnotations.UnifiedCgroupV2 + "." + containerName, ExperimentalAnnotations.UnifiedCgroup + "." + containerName];
        var key = keys.FirstOrDefault(annotations.ContainsKey);
        if (key is null)
            return settings;
        foreach (var setting in annotations[key].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = setting.IndexOf('=');
            if (equals <= 0)
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: annotation {key}: \"{setting}\" is not KEY=VALUE");
            settings[setting[..equals]] = setting[(equals + 1)..];
        }
        return settings;
    }

    private static uint? Umask(IReadOnlyDictionary<string, string> annotations, string subject)
    {
        if (ExperimentalAnnotations.Value(annotations, ExperimentalAnnotations.UmaskV2, ExperimentalAnnotations.Umask) is not { Length: > 0 } umask)
            return null;
        return UmaskText().IsMatch(umask)
            ? Convert.ToUInt32(umask, 8)
            : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: annotation {ExperimentalAnnotations.Umask}: invalid umask string {umask}");
    }

    [GeneratedRegex("^[0-7]{1,4}$")]
    private static partial Regex UmaskText();
}
