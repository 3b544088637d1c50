namespace CriEngine.Oci.Spec;

/// <summary>
/// Host files a pod's containers bind-mount, prepared by the caller: the pod's /dev/shm (a tmpfs
/// it mounted, or the host's /dev/shm for a pod in the node's IPC namespace), its resolv.conf and
/// hostname files, and its hosts file when the engine provides one (CRI-O gives a host-network
/// pod the node's /etc/hosts; otherwise the kubelet mounts its own through the CRI), and the
/// pod's empty .containerenv file that tells a program it runs in a container.
/// </summary>
public sealed record SandboxFiles(string ShmPath, string ResolvConfPath, string HostnamePath, string? HostsPath = null, string? ContainerEnvPath = null);
