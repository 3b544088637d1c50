using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The spec of a pod's infra (pause) container, as CRI-O makes it: it creates and holds the
/// pod's IPC, UTS and PID namespaces, joins the pinned network namespace, runs read-only with the
/// default capabilities, and is the last thing the OOM killer picks.
/// </summary>
public static class SandboxSpecBuilder
{
    /// <summary>CRI-O's oom_score_adj for the infra container.</summary>
    public const int InfraOomScoreAdj = -998;

    public static SandboxSpec Build(SandboxSpecInput input)
    {
        var config = input.Config;
        var subject = $"pod {config.Metadata?.Namespace}/{config.Metadata?.Name}";
        if (input.PauseCommand.Count == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: the pause command is empty");
        var options = config.Linux?.SecurityContext?.NamespaceOptions;
        var hostname = PodHostname.Resolve(config, input.SandboxId);
        var oomScoreAdj = OomScoreAdjustment.Clamp(InfraOomScoreAdj, input.MinimumOomScoreAdj, subject);

        var spec = new RuntimeSpec
        {
            Process = new OciProcess
            {
                User = new OciUser(),
                Args = input.PauseCommand,
                Env = [ContainerEnvironment.DefaultPath],
                Cwd = "/",
                Capabilities = SecurityContextSpec.ForSandbox(input.CapabilityBoundingSet),
                OomScoreAdj = oomScoreAdj.Applied,
            },
            Root = new OciRoot { Path = input.RootfsPath, Readonly = true },
            Hostname = hostname,
            Mounts = [.. DefaultMounts.For(privileged: false), .. PodFileMounts.ForSandbox(input.Files)],
            Annotations = SandboxAnnotations.Build(input, hostname),
            Linux = new OciLinux
            {
                Sysctl = SandboxSysctls.Build(
                    config.Linux?.Sysctls ?? [],
                    hostNetwork: options?.Network == NamespaceMode.Node,
                    hostIpc: options?.Ipc == NamespaceMode.Node,
                    subject),
                Resources = new OciResources { Devices = ContainerDevices.SandboxRules },
                CgroupsPath = input.CgroupsPath,
                Namespaces = SpecNamespaces.ForSandbox(options, input.NetworkNamespacePath),
            },
        };
        return new SandboxSpec(spec, hostname, oomScoreAdj);
    }
}
