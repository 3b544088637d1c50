using CriEngine.Grpc;
using CriEngine.Oci.Native;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Cdi;

/// <summary>
/// Applies CDI edits to a container's spec as the CDI library does: an environment variable
/// replaces one of the same name, a device node or mount replaces one at the same container
/// path, mounts are then ordered parents first, a device node gets a device cgroup rule, hooks
/// and additional groups are appended.
/// </summary>
internal static class CdiInjection
{
    public static RuntimeSpec Apply(RuntimeSpec spec, IReadOnlyList<CdiContainerEdits> edits, string subject)
    {
        if (edits.Count == 0)
            return spec;
        var process = spec.Process ?? throw new InvalidOperationException("a container spec has a process");
        var linux = spec.Linux ?? new OciLinux();
        var env = process.Env?.ToList() ?? [];
        var devices = linux.Devices?.ToList() ?? [];
        var rules = linux.Resources?.Devices?.ToList() ?? [];
        var mounts = spec.Mounts?.ToList() ?? [];
        var gids = process.User.AdditionalGids?.ToList() ?? [];
        var hooks = spec.Hooks;
        foreach (var edit in edits)
        {
            foreach (var variable in edit.Env ?? [])
            {
                var name = variable[..(variable.IndexOf('=', StringComparison.Ordinal) + 1)];
                env.RemoveAll(existing => existing.StartsWith(name, StringComparison.Ordinal));
                env.Add(variable);
            }
            foreach (var node in edit.DeviceNodes ?? [])
            {
                var device = Device(node, subject);
                devices.RemoveAll(existing => existing.Path == device.Path);
                devices.Add(device);
                if (device.Type is "b" or "c")
                {
                    var access = string.IsNullOrEmpty(node.Permissions) ? "rwm" : node.Permissions;
                    rules.Add(new OciDeviceRule { Allow = true, Type = device.Type, Major = device.Major, Minor = device.Minor, Access = access });
                }
            }
            foreach (var mount in edit.Mounts ?? [])
            {
                mounts.RemoveAll(existing => existing.Destination == mount.ContainerPath);
                mounts.Add(new OciMount { Destination = mount.ContainerPath!, Source = mount.HostPath, Type = mount.Type, Options = mount.Options });
            }
            foreach (var hook in edit.Hooks ?? [])
                hooks = (hooks ?? new OciHooks()).Add(hook.HookName!, new OciHook { Path = hook.Path!, Args = hook.Args, Env = hook.Env, Timeout = hook.Timeout });
            gids.AddRange((edit.AdditionalGids ?? []).Where(gid => gid != 0 && !gids.Contains(gid)));
        }
        return spec with
        {
            Process = process with { Env = env, User = process.User with { AdditionalGids = gids.Count > 0 ? gids : null } },
            // Parents before children, else a mount hides one beneath it; stable, so the rest keep their order.
            Mounts = edits.Any(edit => edit.Mounts is { Count: > 0 })
                ? mounts.OrderBy(mount => mount.Destination.TrimEnd('/').Count(c => c == '/')).ToList()
                : spec.Mounts,
            Hooks = hooks,
            Linux = linux with
            {
                Devices = devices.Count > 0 ? devices : null,
                Resources = (linux.Resources ?? new OciResources()) with { Devices = rules },
            },
        };
    }

    /// <summary>The node of an edit, with what it leaves out read from the host's node.</summary>
    private static OciDevice Device(CdiDeviceNode node, string subject)
    {
        var hostPath = string.IsNullOrEmpty(node.HostPath) ? node.Path! : node.HostPath;
        var complete = node.Type == "p" || (!string.IsNullOrEmpty(node.Type) && node.Major is not null && node.Minor is not null);
        var host = complete && node.FileMode is not null ? null : HostNode(hostPath, required: !complete, subject);
        return new OciDevice
        {
            Path = node.Path!,
            Type = string.IsNullOrEmpty(node.Type) ? host!.Type : node.Type,
            Major = node.Major ?? host?.Major ?? 0,
            Minor = node.Minor ?? host?.Minor ?? 0,
            FileMode = node.FileMode ?? host?.FileMode,
            Uid = node.Uid,
            Gid = node.Gid,
        };
    }

    private static DeviceNode? HostNode(string hostPath, bool required, string subject)
    {
        var node = Statx.Get(hostPath, followSymlinks: true) is { } status ? DeviceNode.From(status) : null;
        return node is null && required
            ? throw new RpcException(StatusCode.InvalidArgument, $"{subject}: CDI device node {hostPath} is not a device node on the host")
            : node;
    }
}
