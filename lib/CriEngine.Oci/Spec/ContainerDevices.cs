using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Native;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The device nodes of a container and its device cgroup rules: everything denied but the CRI's
/// devices (a directory stands for the device nodes in it); a privileged container gets every
/// host device and no restriction, and may not ask for a device at a path the host has.
/// </summary>
internal static class ContainerDevices
{
    public sealed record Result(IReadOnlyList<OciDevice> Devices, IReadOnlyList<OciDeviceRule> Rules);

    private static readonly OciDeviceRule DenyAll = new() { Allow = false, Access = "rwm" };
    private static readonly OciDeviceRule AllowAll = new() { Allow = true, Access = "rwm" };

    /// <summary>The infra container's: no device beyond the runtime's defaults.</summary>
    public static IReadOnlyList<OciDeviceRule> SandboxRules { get; } = [DenyAll];

    public static Result Build(IEnumerable<Device> requested, bool privileged, string subject)
    {
        var devices = new List<OciDevice>();
        var rules = new List<OciDeviceRule> { privileged ? AllowAll : DenyAll };
        if (privileged)
            devices.AddRange(HostDevices.List().Select(device => device.Node.At(device.Path)));
        foreach (var device in requested)
        {
            // A privileged container has the host's devices at their own paths: one asked for at
            // a path the host has would hide it, or be hidden (CRI-O's rule, on the host's paths).
            if (privileged && device.ContainerPath != device.HostPath && Path.Exists(device.ContainerPath))
                throw new RpcException(StatusCode.InvalidArgument,
                    $"{subject}: device {device.HostPath} at {device.ContainerPath}: a privileged container was configured with a device container path that already exists on the host");
            var access = Access(device, subject);
            foreach (var (containerPath, node) in Nodes(device, subject))
            {
                devices.RemoveAll(existing => existing.Path == containerPath);
                devices.Add(node.At(containerPath));
                if (!privileged)
                    rules.Add(node.Allow(access));
            }
        }
        return new Result(devices, rules);
    }

    private static IEnumerable<(string ContainerPath, DeviceNode Node)> Nodes(Device device, string subject)
    {
        var place = $"{subject}: device {device.HostPath}";
        var hostPath = RootfsPath.Resolve("/", device.HostPath);
        var status = Statx.Get(hostPath, followSymlinks: false)
            ?? throw new RpcException(StatusCode.InvalidArgument, $"{place} does not exist");
        if (DeviceNode.From(status) is { } node)
            return [(device.ContainerPath, node)];
        if (!status.IsDirectory)
            throw new RpcException(StatusCode.InvalidArgument, $"{place} is not a device node");
        return HostDevices.List(hostPath)
            .Select(found => (device.ContainerPath + found.Path[hostPath.Length..], found.Node))
            .ToList();
    }

    private static string Access(Device device, string subject)
    {
        var access = device.Permissions.Length == 0 ? "rwm" : device.Permissions;
        return access.All(permission => permission is 'r' or 'w' or 'm')
            ? access
            : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: device {device.HostPath}: permissions \"{device.Permissions}\" are not of r, w, m");
    }
}
