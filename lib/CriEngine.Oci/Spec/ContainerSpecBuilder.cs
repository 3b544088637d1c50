using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Cdi;
using CriEngine.Oci.Hooks;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The spec of a container of a pod, by Kubernetes' and CRI-O's rules: process from the request
/// over the image, user resolved in the container's own /etc/passwd (with an entry added for an
/// id the image does not know), the pod's namespaces
/// joined through the infra container, the CRI's mounts, devices and resources, and CRI-O's
/// security defaults. Creates the working directory and the image's volumes in the rootfs.
/// </summary>
public static class ContainerSpecBuilder
{
    public static async Task<ContainerSpec> BuildAsync(ContainerSpecInput input, CancellationToken cancellationToken = default)
    {
        var config = input.Config;
        if (config.Metadata is not { Name.Length: > 0 } metadata)
            throw new RpcException(StatusCode.InvalidArgument, "container config has no name");
        var pod = input.SandboxConfig;
        var subject = $"container {metadata.Name} of pod {pod.Metadata?.Namespace}/{pod.Metadata?.Name}";
        var context = config.Linux?.SecurityContext ?? new LinuxContainerSecurityContext();
        var podOptions = pod.Linux?.SecurityContext?.NamespaceOptions;
        var hostname = PodHostname.Resolve(pod, input.SandboxId);

        var args = ContainerCommand.Resolve(config, input.Image, subject);
        var cdiEdits = input.CdiDevices.Resolve(CdiRequests.Names(config), subject);
        SelinuxLabels.Check(context.SelinuxOptions, config.Mounts, input.Security, input.Logger, subject);
        var security = await SecurityContextSpec.ForContainerAsync(
            context, pod.Linux?.SecurityContext?.Privileged ?? false, input.CapabilityBoundingSet, input.Security, input.Logger, subject, cancellationToken)
            .ConfigureAwait(false);
        var user = await ContainerUserResolver.ResolveAsync(input.RootfsPath, context, input.Image.User, subject, cancellationToken)
            .ConfigureAwait(false);
        var environment = ContainerEnvironment.Build(input.DefaultEnv, input.Image.Env, config.Envs, hostname, config.Tty);
        var home = ContainerEnvironment.Home(environment, subject);
        var userFiles = await UserDatabaseFiles.WriteAsync(input.RootfsPath, input.BundleDirectory, user, home ?? "/", config.Mounts, cancellationToken)
            .ConfigureAwait(false);
        var workingDirectory = FirstSet(config.WorkingDir, input.Image.WorkingDir) ?? "/";
        RootfsDirectories.Create(input.RootfsPath, workingDirectory, owner: null, subject);
        foreach (var volume in input.Image.Volumes)
            RootfsDirectories.Create(input.RootfsPath, volume, (user.Uid, user.Gid), subject);
        var userNamespace = PodUserNamespace.Resolve(pod, subject);
        if (userNamespace is not null)
            RootfsOwnership.Shift(input.RootfsPath, userNamespace, subject, cancellationToken);

        var mounts = ContainerMounts.Build(
            config.Mounts,
            [.. DefaultMounts.For(security.Privileged), .. input.Security.ReadOnly ? DefaultMounts.ReadOnlyRootTmpfs : []],
            [.. PodFileMounts.ForContainer(input.Files, security.ReadonlyRootfs), .. userFiles],
            input.ImageVolumes,
            input.AbsentMountSourcesToReject,
            input.Features,
            subject);
        var devices = ContainerDevices.Build(config.Devices, security.Privileged, subject);
        var resources = ContainerResourcesSpec.Build(config.Linux?.Resources, input.Cgroups, subject);
        var oomScoreAdj = config.Linux?.Resources is { } requested
            ? OomScoreAdjustment.Clamp(requested.OomScoreAdj, input.MinimumOomScoreAdj, subject)
            : null;

        var spec = new RuntimeSpec
        {
            Process = new OciProcess
            {
                Terminal = config.Tty ? true : null,
                User = new OciUser { Uid = user.Uid, Gid = user.Gid, Umask = input.Umask, AdditionalGids = user.AdditionalGids },
                Args = args,
                Env = environment,
                Cwd = workingDirectory,
                Capabilities = security.Capabilities,
                Rlimits = ContainerRlimits.Build(input.Security.DefaultUlimits),
                NoNewPrivileges = security.NoNewPrivileges ? true : null,
                ApparmorProfile = security.ApparmorProfile,
                OomScoreAdj = oomScoreAdj?.Applied,
            },
            Root = new OciRoot { Path = input.RootfsPath, Readonly = security.ReadonlyRootfs ? true : null },
            Hostname = hostname,
            Mounts = mounts.Mounts,
            Annotations = ContainerAnnotations.Build(input),
            Linux = new OciLinux
            {
                Resources = new OciResources
                {
                    Devices = devices.Rules,
                    Memory = resources.Memory,
                    Cpu = resources.Cpu,
                    HugepageLimits = resources.HugepageLimits,
                    Unified = resources.Unified,
                    Pids = input.Security.PidsLimit > 0 ? new OciPids { Limit = input.Security.PidsLimit } : null,
                },
                CgroupsPath = input.CgroupsPath,
                Namespaces = SpecNamespaces.ForContainer(
                    podOptions,
                    context.NamespaceOptions,
                    input.NetworkNamespacePath,
                    input.InfraPid,
                    input.TargetPid,
                    cgroupNamespace: input.Cgroups.IsV2 && !security.Privileged,
                    userNamespace: userNamespace is not null,
                    subject),
                UidMappings = userNamespace?.UidMappings,
                GidMappings = userNamespace?.GidMappings,
                Devices = devices.Devices.Count > 0 ? devices.Devices : null,
                RootfsPropagation = mounts.RootfsPropagation,
                MaskedPaths = security.MaskedPaths,
                ReadonlyPaths = security.ReadonlyPaths,
                Seccomp = security.Seccomp,
            },
        };
        spec = CdiInjection.Apply(spec, cdiEdits, subject);
        spec = HookInjection.Apply(spec, input.Hooks, hasBindMounts: config.Mounts.Count > 0);
        var stopSignal = ContainerStopSignal.Resolve(config.StopSignal, input.Image.StopSignal, subject);
        return new ContainerSpec(spec, stopSignal, user, oomScoreAdj, mounts.Made);
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrEmpty(value));
}
