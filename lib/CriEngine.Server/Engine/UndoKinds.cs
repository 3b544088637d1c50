namespace CriEngine.Server.Engine;

public static class UndoKinds
{
    public const string DeleteDirectory = "delete-directory";
    public const string Unmount = "unmount";
    public const string RemoveNetworkNamespace = "remove-netns";
    public const string DetachNetwork = "detach-network";
    public const string RemoveRootfs = "remove-rootfs";
    public const string RemoveImageVolumes = "remove-image-volumes";
    public const string RemovePodCgroup = "remove-pod-cgroup";
    public const string RemoveContainerCgroup = "remove-container-cgroup";
    public const string DeleteFromRuntime = "delete-from-runtime";
}
