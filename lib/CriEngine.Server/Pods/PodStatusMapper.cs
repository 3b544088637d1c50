using CriEngine.Api;
using CriEngine.Server.State;
using Google.Protobuf;

namespace CriEngine.Server.Pods;

/// <summary>A pod record as the CRI shows it: PodSandboxStatus and the PodSandbox of ListPodSandbox.</summary>
public static class PodStatusMapper
{
    public static PodSandboxConfig Config(PodRecord pod) => PodSandboxConfig.Parser.ParseFrom(ByteString.FromBase64(pod.Config));

    public static PodSandboxStatus Status(PodRecord pod)
    {
        var config = Config(pod);
        var status = new PodSandboxStatus
        {
            Id = pod.Id,
            Metadata = config.Metadata,
            State = StateOf(pod),
            CreatedAt = Nanoseconds(pod.CreatedAt),
            RuntimeHandler = pod.RuntimeHandler,
            Network = new PodSandboxNetworkStatus { Ip = pod.Ips.FirstOrDefault() ?? "" },
            Linux = new LinuxPodSandboxStatus
            {
                Namespaces = new Namespace { Options = config.Linux?.SecurityContext?.NamespaceOptions ?? new NamespaceOption() },
            },
        };
        status.Network.AdditionalIps.AddRange(pod.Ips.Skip(1).Select(ip => new PodIP { Ip = ip }));
        status.Labels.Add(config.Labels);
        status.Annotations.Add(config.Annotations);
        return status;
    }

    public static PodSandbox Summary(PodRecord pod)
    {
        var config = Config(pod);
        var summary = new PodSandbox
        {
            Id = pod.Id,
            Metadata = config.Metadata,
            State = StateOf(pod),
            CreatedAt = Nanoseconds(pod.CreatedAt),
            RuntimeHandler = pod.RuntimeHandler,
        };
        summary.Labels.Add(config.Labels);
        summary.Annotations.Add(config.Annotations);
        return summary;
    }

    public static PodSandboxState StateOf(PodRecord pod) =>
        pod.State == PodPhase.Ready ? PodSandboxState.SandboxReady : PodSandboxState.SandboxNotready;

    public static long Nanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
