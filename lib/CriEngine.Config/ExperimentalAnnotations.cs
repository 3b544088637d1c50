namespace CriEngine.Config;

/// <summary>
/// The annotations CRI-O acts on only when a pod's runtime handler or an active workload lists
/// them in <c>allowed_annotations</c> (CRI-O's <c>AllAllowedAnnotations</c>): its own in the
/// deprecated <c>io.kubernetes.cri-o.*</c> and the current <c>*.crio.io</c> forms, and those
/// runc and crun read from a spec. Each entry is a prefix: <c>io.kubernetes.cri-o.UnifiedCgroup</c>
/// covers <c>io.kubernetes.cri-o.UnifiedCgroup.CONTAINER</c>.
/// </summary>
public static class ExperimentalAnnotations
{
    public const string UsernsMode = "io.kubernetes.cri-o.userns-mode";
    public const string Cgroup2RW = "io.kubernetes.cri-o.cgroup2-mount-hierarchy-rw";
    public const string UnifiedCgroup = "io.kubernetes.cri-o.UnifiedCgroup";
    public const string Spoofed = "io.kubernetes.cri-o.Spoofed";
    public const string ShmSize = "io.kubernetes.cri-o.ShmSize";
    public const string Devices = "io.kubernetes.cri-o.Devices";
    public const string TrySkipVolumeSELinuxLabel = "io.kubernetes.cri-o.TrySkipVolumeSELinuxLabel";
    public const string SeccompNotifierAction = "io.kubernetes.cri-o.seccompNotifierAction";
    public const string Umask = "io.kubernetes.cri-o.umask";
    public const string PodLinuxOverhead = "io.kubernetes.cri-o.PodLinuxOverhead";
    public const string PodLinuxResources = "io.kubernetes.cri-o.PodLinuxResources";
    public const string LinkLogs = "io.kubernetes.cri-o.LinkLogs";
    public const string PlatformRuntimePath = "io.kubernetes.cri-o.PlatformRuntimePath";
    public const string SeccompProfile = "seccomp-profile.kubernetes.cri-o.io";
    public const string DisableFips = "io.kubernetes.cri-o.DisableFIPS";

    public const string UsernsModeV2 = "userns-mode.crio.io";
    public const string Cgroup2RWV2 = "cgroup2-mount-hierarchy-rw.crio.io";
    public const string UnifiedCgroupV2 = "unified-cgroup.crio.io";
    public const string SpoofedV2 = "spoofed.crio.io";
    public const string ShmSizeV2 = "shm-size.crio.io";
    public const string DevicesV2 = "devices.crio.io";
    public const string TrySkipVolumeSELinuxLabelV2 = "try-skip-volume-selinux-label.crio.io";
    public const string SeccompNotifierActionV2 = "seccomp-notifier-action.crio.io";
    public const string UmaskV2 = "umask.crio.io";
    public const string PodLinuxOverheadV2 = "pod-linux-overhead.crio.io";
    public const string PodLinuxResourcesV2 = "pod-linux-resources.crio.io";
    public const string LinkLogsV2 = "link-logs.crio.io";
    public const string PlatformRuntimePathV2 = "platform-runtime-path.crio.io";
    public const string SeccompProfileV2 = "seccomp-profile.crio.io";
    public const string DisableFipsV2 = "disable-fips.crio.io";

    public const string CpuLoadBalancing = "cpu-load-balancing.crio.io";
    public const string CpuQuota = "cpu-quota.crio.io";
    public const string IrqLoadBalancing = "irq-load-balancing.crio.io";
    public const string CpuCStates = "cpu-c-states.crio.io";
    public const string CpuFreqGovernor = "cpu-freq-governor.crio.io";
    public const string CpuShared = "cpu-shared.crio.io";
    public const string SkipGoMaxProcs = "skip-gomaxprocs.crio.io";
    public const string TraceSyscall = "io.containers.trace-syscall";
    public const string RdtClass = "io.kubernetes.cri.rdt-class";
    public const string StopSignal = "org.opencontainers.image.stopSignal";

    /// <summary>Read by runc and crun from the spec's annotations, which carry the pod's and container's.</summary>
    public static IReadOnlyList<string> RuntimeReadOnes { get; } =
        ["bundle", "org.systemd.property.", "org.criu.config", "module.wasm.image/variant", "io.kubernetes.cri.container-type", "run.oci."];

    /// <summary>Every name <c>allowed_annotations</c> may hold.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        RdtClass, .. RuntimeReadOnes,
        Cgroup2RWV2, CpuCStates, CpuFreqGovernor, CpuLoadBalancing, CpuQuota, CpuShared, DevicesV2, DisableFipsV2,
        IrqLoadBalancing, LinkLogsV2, TraceSyscall, PlatformRuntimePathV2, PodLinuxOverheadV2, PodLinuxResourcesV2,
        SeccompNotifierActionV2, SeccompProfileV2, ShmSizeV2, SpoofedV2, StopSignal, TrySkipVolumeSELinuxLabelV2,
        UmaskV2, UnifiedCgroupV2, UsernsModeV2, SkipGoMaxProcs,
        Cgroup2RW, Devices, DisableFips, LinkLogs, PlatformRuntimePath, PodLinuxOverhead, PodLinuxResources,
        SeccompNotifierAction, SeccompProfile, ShmSize, Spoofed, TrySkipVolumeSELinuxLabel, Umask, UnifiedCgroup, UsernsMode,
    ];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>The value of an annotation given in its current or its deprecated form; the current one wins, as in CRI-O.</summary>
    public static string? Value(IReadOnlyDictionary<string, string> annotations, string current, string deprecated) =>
        annotations.TryGetValue(current, out var value) || annotations.TryGetValue(deprecated, out value) ? value : null;
}
