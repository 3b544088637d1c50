using CriEngine.Cgroups;
using CriEngine.Cgroups.Systemd;
using CriEngine.Config;
using CriEngine.DBus;
using CriEngine.Grpc;
using CriEngine.Images;
using CriEngine.Network.Cni;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.Server.State;
using CriEngine.Server.Telemetry;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Engine;

/// <summary>
/// Everything the pod and container lifecycles share: the live config, the image store, the
/// state records with their locks, the host's facts, the cgroup manager, exit watching and the
/// event hub. Made once at start, after the previous daemon's leftovers are dealt with.
/// </summary>
public sealed class Engine : IAsyncDisposable
{
    private readonly Lock _systemdLock = new();
    private DBusClient? _systemBus;
    private SystemdCgroupManager? _systemd;

    private Engine(LiveConfig config, EngineOptions options, ImageManager images, EngineDirectories directories, HostFacts host, ICgroupManager cgroups, ExitWatcher exits, ILoggerFactory loggers)
    {
        Config = config;
        Options = options;
        Images = images;
        Directories = directories;
        Host = host;
        Cgroupfs = cgroups;
        Exits = exits;
        Loggers = loggers;
        Undo = new UndoActions(images, CgroupManager, Cni, loggers.CreateLogger<UndoActions>());
        Pods = new RecordStore<PodRecord>(directories.PodStates, StateJsonContext.Default.PodRecord, p => p.Id, p => p.Name);
        Containers = new RecordStore<ContainerRecord>(directories.ContainerStates, StateJsonContext.Default.ContainerRecord, c => c.Id, c => c.Name);
        Metrics = new RuntimeMetrics(MetricCollectors.From(config.Current.Config.Metrics), () => Events.Dropped);
        images.Puller.LayerDownloaded += Metrics.LayerDownloaded;
        images.Puller.LayerReused += Metrics.LayerReused;
    }

    public LiveConfig Config { get; }

    public EngineOptions Options { get; }

    /// <summary>The CNI network of the live config's <c>network_dir</c>, watched.</summary>
    public CniNetworkWatcher Networks { get; } = new();

    public ImageManager Images { get; }

    public EngineDirectories Directories { get; }

    public HostFacts Host { get; }

    public ICgroupManager Cgroupfs { get; }

    /// <summary>
    /// The systemd manager, made on first use: a node without systemd runs with cgroupfs and
    /// never needs a bus. It talks to the system bus (<c>DBUS_SYSTEM_BUS_ADDRESS</c>, else its
    /// default path, else systemd's private socket), connecting on its first call and again after
    /// the bus went away.
    /// </summary>
    public ICgroupManager Systemd
    {
        get
        {
            lock (_systemdLock)
            {
                if (_systemd is null)
                {
                    _systemBus = DBusClient.ForSystemBus();
                    _systemd = new SystemdCgroupManager(Host.Cgroups, new SystemdManager(_systemBus), Loggers.CreateLogger<SystemdCgroupManager>());
                }
                return _systemd;
            }
        }
    }

    public ExitWatcher Exits { get; }

    public ILoggerFactory Loggers { get; }

    public UndoActions Undo { get; }

    public RecordStore<PodRecord> Pods { get; }

    public RecordStore<ContainerRecord> Containers { get; }

    public KeyedLocks Locks { get; } = new();

    public ContainerEventHub Events { get; } = new();

    public CpuUsageSampler Cpu { get; } = new();

    /// <summary>The Prometheus metrics, counted always, served when <c>enable_metrics</c> is set; the collectors are the start-up config's.</summary>
    public RuntimeMetrics Metrics { get; }

    public static async Task<Engine> OpenAsync(LiveConfig config, EngineOptions options, ImageManager images, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var directories = new EngineDirectories(config.Current.Config);
        directories.Create();
        var host = HostFacts.Read();
        var cgroups = new CgroupfsManager(host.Cgroups, loggers.CreateLogger<CgroupfsManager>());
        // Each container's and infra container's bundle directory is also its monitor's persist directory.
        var exits = new ExitWatcher(directories.Exits, directories.Bundle, loggers.CreateLogger<ExitWatcher>());
        var engine = new Engine(config, options, images, directories, host, cgroups, exits, loggers);
        var logger = loggers.CreateLogger<Engine>();
        await engine.Pods.LoadAsync(logger, cancellationToken).ConfigureAwait(false);
        await engine.Containers.LoadAsync(logger, cancellationToken).ConfigureAwait(false);
        await CreationJournal.RollBackLeftoversAsync(
            directories.Creations, engine.Undo, id => engine.Pods.Find(id)?.Id == id || engine.Containers.Find(id)?.Id == id, logger).ConfigureAwait(false);
        return engine;
    }

    /// <summary>The network pods get now: the live config's.</summary>
    public CniNetworkStatus Network()
    {
        var network = Config.Current.Config.Network;
        return Networks.Current(network.NetworkDir, network.CniDefaultNetwork);
    }

    /// <summary>libcni's result cache, where each pod's attachment is kept for its DEL.</summary>
    public CniResultCache CniCache => new(Options.CniCacheDir);

    /// <summary>The CNI plugins as the live config finds them (<c>plugin_dirs</c>, then the deprecated <c>plugin_dir</c>).</summary>
    public CniInvoker Cni()
    {
        var network = Config.Current.Config.Network;
        IReadOnlyList<string> directories = network.PluginDir.Length > 0 ? [.. network.PluginDirs, network.PluginDir] : [.. network.PluginDirs];
        return new CniInvoker(directories, Options.CniPluginTimeout);
    }

    /// <summary>The cgroup manager of a <c>cgroup_manager</c> value: the one the live config names for a new pod.</summary>
    public ICgroupManager CgroupManager(string name) => name switch
    {
        CgroupManagers.Cgroupfs => Cgroupfs,
        CgroupManagers.Systemd => Systemd,
        _ => throw new RpcException(StatusCode.FailedPrecondition, $"cgroup manager \"{name}\": unknown (\"systemd\" or \"cgroupfs\")"),
    };

    /// <summary>The cgroup manager a pod was created with, whatever the live config says now.</summary>
    public ICgroupManager CgroupManager(PodRecord pod) => CgroupManager(pod.CgroupManager);

    /// <summary>
    /// The cgroup manager an undo step concerns: the one it names, else (a journal from before
    /// steps named it) the one of its pod's record, else cgroupfs, the only one there was then.
    /// </summary>
    public ICgroupManager CgroupManager(UndoStep step)
    {
        if (step.CgroupManager is { } name)
            return CgroupManager(name);
        var podId = step.PodId ?? step.Target;
        return Pods.Find(podId) is { } pod && pod.Id == podId ? CgroupManager(pod) : Cgroupfs;
    }

    /// <summary>
    /// The runtime a pod (and so each of its containers) was created with; under systemd with the
    /// runtime's systemd cgroup driver, so that it starts each container's scope itself.
    /// </summary>
    public static OciRuntime Runtime(PodRecord pod) => new(new OciRuntimeHandler(
        pod.Runtime.RuntimePath, pod.Runtime.RuntimeRoot, pod.Runtime.RuntimeType, SystemdCgroup: pod.CgroupManager == CgroupManagers.Systemd));

    public static MonitorProgram Monitor(PodRecord pod) => new(pod.Runtime.MonitorPath, pod.Runtime.MonitorEnv);

    public async ValueTask DisposeAsync()
    {
        Exits.Dispose();
        Networks.Dispose();
        DBusClient? bus;
        lock (_systemdLock)
            bus = _systemBus;
        if (bus is not null)
            await bus.DisposeAsync().ConfigureAwait(false);
    }
}
