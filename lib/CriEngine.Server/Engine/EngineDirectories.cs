using CriEngine.Config;

namespace CriEngine.Server.Engine;

/// <summary>
/// Where pods and containers keep their files. Under <c>root</c> what must survive a reboot (state
/// records, a pod's resolv.conf and hostname); under <c>runroot</c> what a reboot may wipe
/// (bundles, the monitors' files, shm mounts); and the shared directories crio.conf names.
/// Fixed at start: these keys need a restart.
/// </summary>
public sealed class EngineDirectories(CrioConfig config)
{
    public string State { get; } = Path.Combine(config.Crio.Root, "state");

    public string PodStates => Path.Combine(State, "pods");

    public string ContainerStates => Path.Combine(State, "containers");

    /// <summary>Journals of creations in progress: what to undo when the daemon died in the middle.</summary>
    public string Creations => Path.Combine(State, "creating");

    public string Pods { get; } = Path.Combine(config.Crio.Root, "pods");

    public string Bundles { get; } = Path.Combine(config.Crio.RunRoot, "bundles");

    public string Shm { get; } = Path.Combine(config.Crio.RunRoot, "shm");

    public string Exits { get; } = config.Runtime.ContainerExitsDir;

    public string AttachSockets { get; } = config.Runtime.ContainerAttachSocketDir;

    public string Namespaces { get; } = config.Runtime.NamespacesDir;

    public string Pod(string podId) => Path.Combine(Pods, podId);

    public string Bundle(string id) => Path.Combine(Bundles, id);

    public string ShmOf(string podId) => Path.Combine(Shm, podId);

    public void Create()
    {
        foreach (var directory in new[] { PodStates, ContainerStates, Creations, Pods, Bundles, Shm, Exits, AttachSockets })
            Directory.CreateDirectory(directory);
    }
}
