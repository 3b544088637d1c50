using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The spec of a pod's infra (pause) container, as CRI-O makes it: it creates and holds the
/// pod's IPC, UTS and PID namespaces and sets the pod's sysctls in them, joins the pinned network
/// namespace, runs read-only (whatever readonly_rootfs says: pause writes nothing) as the pod's
/// user and groups with the default capabilities under the pod's seccomp profile, and is the last
/// thing the OOM killer picks.
/// </summary>
public static class SandboxSpecBuilder
{
    /// <summary>CRI-O's oom_score_adj for the infra container.</summary>
    public const int InfraOomScoreAdj = -998;

    public static async Task<SandboxSpec> BuildAsync(SandboxSpecInput input, CancellationToken cancellationToken = default)
    {
        var config = input.Config;
        var subject = $"pod {config.Metadata?.Namespace}/{config.Metadata?.Name}";
        if (input.PauseCommand.Count == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: the pause command is empty");
        var options = config.Linux?.SecurityContext?.NamespaceOptions;
        var userNamespace = PodUserNamespace.Resolve(config, subject);
        if (userNamespace is not null)
        {
            if (input.UserNamespacePath is null)
                throw new ArgumentException("a pod with its own user namespace needs its pinned user namespace", nameof(input));
            RootfsOwnership.Shift(input.RootfsPath, userNamespace, subject, cancellationToken);
        }
        var hostname = PodHostname.Resolve(config, input.SandboxId);
        var oomScoreAdj = OomScoreAdjustment.Clamp(InfraOomScoreAdj, input.MinimumOomScoreAdj, subject);
        var podSecurity = config.Linux?.SecurityContext;
        SelinuxLabels.Check(podSecurity?.SelinuxOptions, [], input.Security, input.Logger, subject);
        var capabilities = SecurityContextSpec.ForSandbox(input.CapabilityBoundingSet, input.Security, subject);
#pragma warning disable CS0612 // the deprecated path is what older kubelets send
        var seccomp = await SeccompSpec.BuildAsync(
            podSecurity?.Seccomp, podSecurity?.SeccompProfilePath ?? "", podSecurity?.Privileged ?? false, capabilities.Bounding!, input.Security, subject, cancellationToken)
            .ConfigureAwait(false);
#pragma warning restore CS0612

        var spec = new RuntimeSpec
        {
            Process = new OciProcess
            {
                User = SandboxUser.For(podSecurity, subject),
                Args = input.PauseCommand,
                Env = [ContainerEnvironment.DefaultPath],
                Cwd = "/",
                Capabilities = capabilities,
                ApparmorProfile = AppArmorSpec.ForSandbox(input.Security),
                OomScoreAdj = oomScoreAdj.Applied,
            },
            Root = new OciRoot { Path = input.RootfsPath, Readonly = true },
            Hostname = hostname,
            Mounts = [.. DefaultMounts.ForSandbox(podSecurity?.Privileged ?? false), .. PodFileMounts.ForSandbox(input.Files)],
            Annotations = SandboxAnnotations.Build(input, hostname),
            Linux = new OciLinux
            {
                Sysctl = SandboxSysctls.Build(
                    config.Linux?.Sysctls ?? [],
                    input.Security.DefaultSysctls,
                    hostNetwork: options?.Network == NamespaceMode.Node,
                    hostIpc: options?.Ipc == NamespaceMode.Node,
                    input.Logger,
                    subject),
                Resources = new OciResources
                {
                    Devices = ContainerDevices.SandboxRules,
                    Cpu = input.InfraCpuset.Length > 0 ? new OciCpu { Cpus = input.InfraCpuset } : null,
                },
                CgroupsPath = input.CgroupsPath,
                Namespaces = SpecNamespaces.ForSandbox(options, input.NetworkNamespacePath, userNamespace is null ? null : input.UserNamespacePath),
                UidMappings = userNamespace?.UidMappings,
                GidMappings = userNamespace?.GidMappings,
                Seccomp = seccomp,
            },
        };
        return new SandboxSpec(spec, hostname, oomScoreAdj);
    }
}
