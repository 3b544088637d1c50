using CriEngine.Api;
using CriEngine.Oci.Runtime;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Tests.Spec;

/// <summary>A pod and a container as the kubelet would describe them, over a root filesystem the test owns.</summary>
internal static class SpecInputs
{
    public const string SandboxId = "0123456789abcdef0123456789abcdef";
    public const string NetworkNamespace = "/var/run/netns/test-pod";
    public const int InfraPid = 4242;

    public static IReadOnlyList<string> BoundingSet { get; } =
        CapabilityNames.Known.Where(name => name != "CAP_SYS_RESOURCE").ToList();

    public static SandboxFiles Files { get; } = new("/run/pod/shm", "/run/pod/resolv.conf", "/run/pod/hostname", "/run/pod/hosts", "/run/pod/.containerenv");

    public static PodSandboxConfig Pod(NamespaceOption? namespaces = null, string hostname = "web-0")
    {
        var pod = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "web-0", Namespace = "shop", Uid = "pod-uid-1", Attempt = 0 },
            Hostname = hostname,
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = "/kubepods/besteffort/podpod-uid-1",
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = namespaces ?? new NamespaceOption() },
            },
        };
        pod.Labels.Add("app", "web");
        pod.Annotations.Add("kubernetes.io/config.source", "api");
        return pod;
    }

    public static ContainerConfig Container(string name = "app")
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name, Attempt = 1 },
            Image = new ImageSpec { Image = "docker.io/library/busybox:latest" },
            Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption() } },
        };
        config.Annotations.Add("io.kubernetes.container.restartCount", "1");
        return config;
    }

    public static ImageDefaults Image(params string[] cmd) => new() { Cmd = cmd.Length > 0 ? cmd : ["sh"] };

    /// <summary>The container's directory is one inside the test's rootfs, made on first use.</summary>
    public static ContainerSpecInput ForContainer(string rootfs, ContainerConfig config, PodSandboxConfig? pod = null, ImageDefaults? image = null) =>
        new()
        {
            BundleDirectory = Directory.CreateDirectory(Path.Combine(rootfs, ".bundle")).FullName,
            ContainerId = "fedcba9876543210fedcba9876543210",
            Config = config,
            SandboxId = SandboxId,
            SandboxConfig = pod ?? Pod(),
            RootfsPath = rootfs,
            Image = image ?? Image(),
            ImageName = "docker.io/library/busybox:latest",
            ImageId = "sha256:" + new string('a', 64),
            InfraPid = InfraPid,
            NetworkNamespacePath = pod?.Linux?.SecurityContext?.NamespaceOptions?.Network == NamespaceMode.Node ? null : NetworkNamespace,
            CgroupsPath = "kubepods-besteffort-podpod_uid_1.slice:crio:fedcba9876543210",
            Cgroups = new CgroupSupport(IsV2: false, HasMemorySwap: true, HasHugetlb: true),
            Files = Files,
            LogPath = "/var/log/pods/shop_web-0_pod-uid-1/app/1.log",
            MinimumOomScoreAdj = -1000,
            CapabilityBoundingSet = BoundingSet,
            Features = Runc11,
            Created = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234500),
        };

    /// <summary>What Debian's runc 1.1 can do: user namespaces and rro, no idmapped mounts.</summary>
    public static HandlerFeatures Runc11 { get; } = new(UserNamespaces: true, IdmapMounts: false, RecursiveReadOnly: true);

    public static SandboxSpecInput ForSandbox(string rootfs, PodSandboxConfig pod) =>
        new()
        {
            SandboxId = SandboxId,
            Config = pod,
            RootfsPath = rootfs,
            PauseCommand = ["/pause"],
            NetworkNamespacePath = pod.Linux?.SecurityContext?.NamespaceOptions?.Network == NamespaceMode.Node ? null : NetworkNamespace,
            CgroupsPath = "kubepods-besteffort-podpod_uid_1.slice:crio:" + SandboxId,
            Files = Files,
            LogPath = "/var/log/pods/shop_web-0_pod-uid-1/" + SandboxId + ".log",
            PauseImage = "registry.k8s.io/pause:3.9",
            MinimumOomScoreAdj = -1000,
            CapabilityBoundingSet = BoundingSet,
            Created = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
        };

    public static Task<ContainerSpec> BuildAsync(string rootfs, ContainerConfig config, PodSandboxConfig? pod = null, ImageDefaults? image = null) =>
        ContainerSpecBuilder.BuildAsync(ForContainer(rootfs, config, pod, image));
}
