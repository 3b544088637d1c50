namespace CriEngine.Oci.Spec;

/// <summary>
/// The annotation keys CRI-O writes into its specs (containers/podman pkg/annotations), which
/// OCI hooks, monitoring agents and `podman ps --external` read.
/// </summary>
public static class CrioAnnotations
{
    public const string Annotations = "io.kubernetes.cri-o.Annotations";
    public const string CgroupParent = "io.kubernetes.cri-o.CgroupParent";
    public const string ContainerId = "io.kubernetes.cri-o.ContainerID";
    public const string ContainerName = "io.kubernetes.cri-o.ContainerName";
    public const string ContainerType = "io.kubernetes.cri-o.ContainerType";
    public const string Created = "io.kubernetes.cri-o.Created";
    public const string HostName = "io.kubernetes.cri-o.HostName";
    public const string HostNetwork = "io.kubernetes.cri-o.HostNetwork";
    public const string HostnamePath = "io.kubernetes.cri-o.HostnamePath";
    public const string Image = "io.kubernetes.cri-o.Image";
    public const string ImageName = "io.kubernetes.cri-o.ImageName";
    public const string ImageRef = "io.kubernetes.cri-o.ImageRef";
    public const string KubeName = "io.kubernetes.cri-o.KubeName";
    public const string Labels = "io.kubernetes.cri-o.Labels";
    public const string LogPath = "io.kubernetes.cri-o.LogPath";
    public const string Metadata = "io.kubernetes.cri-o.Metadata";
    public const string MountPoint = "io.kubernetes.cri-o.MountPoint";
    public const string Name = "io.kubernetes.cri-o.Name";
    public const string Namespace = "io.kubernetes.cri-o.Namespace";
    public const string NamespaceOptions = "io.kubernetes.cri-o.NamespaceOptions";
    public const string PrivilegedRuntime = "io.kubernetes.cri-o.PrivilegedRuntime";
    public const string ResolvPath = "io.kubernetes.cri-o.ResolvPath";
    public const string RuntimeHandler = "io.kubernetes.cri-o.RuntimeHandler";
    public const string SandboxId = "io.kubernetes.cri-o.SandboxID";
    public const string SandboxName = "io.kubernetes.cri-o.SandboxName";
    public const string ShmPath = "io.kubernetes.cri-o.ShmPath";
    public const string Stdin = "io.kubernetes.cri-o.Stdin";
    public const string StdinOnce = "io.kubernetes.cri-o.StdinOnce";
    public const string Tty = "io.kubernetes.cri-o.TTY";

    public const string ContainerManager = "io.container.manager";
    public const string ImageStopSignal = "org.opencontainers.image.stopSignal";

    public const string ContainerTypeSandbox = "sandbox";
    public const string ContainerTypeContainer = "container";
    public const string ContainerManagerCrio = "cri-o";

    /// <summary>The kubelet's labels naming a container's pod and itself.</summary>
    public const string KubernetesPodName = "io.kubernetes.pod.name";
    public const string KubernetesPodNamespace = "io.kubernetes.pod.namespace";
    public const string KubernetesPodUid = "io.kubernetes.pod.uid";
    public const string KubernetesContainerName = "io.kubernetes.container.name";
}
