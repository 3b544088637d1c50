using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Images.Pull;
using CriEngine.Images.Registry;
using CriEngine.Images.Store;
using CriEngine.Network.Cni;
using CriEngine.Network.Dns;
using CriEngine.Network.Namespaces;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.Oci.Spec;
using CriEngine.Platform;
using CriEngine.Server.Engine;
using CriEngine.Server.State;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Pods;

/// <summary>
/// Runs, stops and removes pods: an infra container from the pause image holding the pod's
/// namespaces, with its shm, DNS and hostname files, network namespace and cgroup. A creation
/// is journaled step by step and undone whole when any step fails; it runs to its end even
/// when the kubelet's deadline passes, and the same request repeated gets the same pod back.
/// </summary>
public sealed partial class PodLifecycle
{
    /// <summary>CRI-O's /dev/shm size of a pod that names none with the shm-size annotation: 64 MiB.</summary>
    private const long DefaultShmSize = 64L << 20;

    private readonly Engine.Engine engine;
    private readonly ILogger<PodLifecycle> logger;
    private readonly ContainerLifecycle containers;
    private readonly CreationsInFlight _creating;
    private readonly DetachedOperations _teardowns = new();

    public PodLifecycle(Engine.Engine engine, ContainerLifecycle containers, ILogger<PodLifecycle> logger)
    {
        this.engine = engine;
        this.containers = containers;
        this.logger = logger;
        _creating = new CreationsInFlight("pod sandbox", engine.Pods.Hide, engine.Pods.Reveal, id => RemoveAsync(id, CancellationToken.None), logger, engine.Metrics.ResourceStalledAt);
    }

    /// <summary>Creations whose callers gave up, by stage.</summary>
    public IReadOnlyDictionary<string, int> StalledCreations() => _creating.StalledByStage();

    public async Task<string> RunAsync(PodSandboxConfig config, string runtimeHandler, CancellationToken cancellationToken)
    {
        var metadata = config.Metadata;
        if (metadata is null || metadata.Name.Length == 0 || metadata.Namespace.Length == 0 || metadata.Uid.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, "pod sandbox config needs metadata with a name, a namespace and a uid");
        var name = CrioNames.Sandbox(metadata);
        // The name holds the pod's namespace, name, UID and attempt: asked again, it is the same pod (CRI-O's rule).
        if (engine.Pods.Listed.FirstOrDefault(p => p.Name == name) is { } existing)
            return existing.Id;
        return await _creating.RunAsync(name, config.ToByteString().ToBase64(), progress => CreateAsync(name, config, runtimeHandler, progress), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops every container of the pod, then the infra container, and gives back the network
    /// namespace and shm. Idempotent, and run to its end whatever the caller does: a stop cut by
    /// the kubelet's deadline still takes the pod's network down.
    /// </summary>
    public Task StopAsync(string podId, CancellationToken cancellationToken)
    {
        if (engine.Pods.Find(podId) is not { } pod)
            return Task.CompletedTask;
        var id = pod.Id;
        return _teardowns.RunAsync("stop " + id, () => StopToTheEndAsync(id), cancellationToken);
    }

    /// <summary>Removes the pod with its containers and everything it made. Idempotent: a pod that is gone, or half removed, is fine.</summary>
    public Task RemoveAsync(string podId, CancellationToken cancellationToken)
    {
        if (engine.Pods.Find(podId) is not { } pod)
            return Task.CompletedTask;
        var id = pod.Id;
        return _teardowns.RunAsync("remove " + id, () => RemoveToTheEndAsync(id), cancellationToken);
    }

    private async Task StopToTheEndAsync(string podId)
    {
        foreach (var container in engine.Containers.All.Where(c => c.PodId == podId).ToList())
            await containers.StopAsync(container.Id, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        using (await engine.Locks.AcquireAsync(podId, CancellationToken.None).ConfigureAwait(false))
        {
            if (engine.Pods.Find(podId) is not { } pod || pod.Id != podId)
                return;
            if (pod.State == PodPhase.Ready || pod.InfraPid != 0)
                await StopInfraAsync(pod).ConfigureAwait(false);
            await CniPodNetwork.DetachAllAsync(engine.CniCache, pod.Id, engine.Cni(), CancellationToken.None).ConfigureAwait(false);
            await CniPodNetwork.DetachAsync(Path.Combine(engine.Directories.Pod(pod.Id), LegacyAttachmentFile.Name), engine.Cni(), CancellationToken.None).ConfigureAwait(false);
            ReleaseNamespaces(pod);
            UnlinkLogs(pod);
            await engine.Pods.SaveAsync(pod with { State = PodPhase.NotReady, InfraPid = 0 }, CancellationToken.None).ConfigureAwait(false);
            LogStopped(pod.Id, pod.Name);
        }
    }

    private async Task RemoveToTheEndAsync(string podId)
    {
        await StopAsync(podId, CancellationToken.None).ConfigureAwait(false);
        foreach (var container in engine.Containers.All.Where(c => c.PodId == podId).ToList())
            await containers.RemoveAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
        using (await engine.Locks.AcquireAsync(podId, CancellationToken.None).ConfigureAwait(false))
        {
            if (engine.Pods.Find(podId) is not { } pod || pod.Id != podId)
                return;
            var steps = new[]
            {
                new UndoStep(UndoKinds.DeleteFromRuntime, pod.Id, RuntimePath: pod.Runtime.RuntimePath, RuntimeRoot: pod.Runtime.RuntimeRoot),
                new UndoStep(UndoKinds.RemoveRootfs, pod.Id),
                new UndoStep(UndoKinds.RemovePodCgroup, pod.Id, CgroupParent: pod.CgroupParent),
                new UndoStep(UndoKinds.DeleteDirectory, engine.Directories.Bundle(pod.Id)),
                new UndoStep(UndoKinds.DeleteDirectory, pod.Directory),
                // Made by the engine for a pod that named no log directory; the kubelet's own it leaves alone.
                new UndoStep(UndoKinds.DeleteDirectory, Path.Combine(engine.Config.Current.Config.Crio.LogDir, pod.Id)),
            };
            foreach (var step in steps)
                await engine.Undo.RunAsync(step).ConfigureAwait(false);
            File.Delete(MonitorPaths.ExitFile(engine.Directories.Exits, pod.Id));
            engine.Pods.Delete(pod);
            engine.Locks.Forget(pod.Id);
            LogRemoved(pod.Id, pod.Name);
        }
    }

    private async Task<string> CreateAsync(string name, PodSandboxConfig config, string runtimeHandler, CreationProgress progress)
    {
        var snapshot = engine.Config.Current;
        var crio = snapshot.Config;
        var handlerName = runtimeHandler.Length == 0 ? crio.Runtime.DefaultRuntime : runtimeHandler;
        if (!crio.Runtime.Runtimes.TryGetValue(handlerName, out var handler))
            throw new RpcException(StatusCode.InvalidArgument, $"pod {name}: runtime handler \"{handlerName}\" is not configured (configured: {string.Join(", ", crio.Runtime.Runtimes.Keys)})");
        var cgroups = engine.CgroupManager(crio.Runtime.CgroupManager);
        var annotations = AnnotationFilter.ForPod(crio.Runtime, handlerName, handler, config.Annotations, engine.Host.CgroupSupport.IsV2, logger, $"pod {name}");
        // From here on the pod is what it was created with: its handler's default annotations, less the disallowed ones.
        config = config.Clone();
        config.Annotations.Clear();
        config.Annotations.Add(annotations);
        var shmSize = ShmSizeOf(annotations, name);
        var userNamespace = await RequireUserNamespaceAsync(config, name, handlerName, handler).ConfigureAwait(false);

        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        if (!engine.Pods.TryReserveName(name, id, out var holder))
            throw new RpcException(StatusCode.AlreadyExists, $"pod sandbox name {name} is in use by pod {holder}");
        progress.Assign(id);
        var journal = CreationJournal.Begin(engine.Directories.Creations, id, engine.Undo, progress.Enter);
        try
        {
            var pause = await PauseImageAsync(snapshot, CancellationToken.None).ConfigureAwait(false);
            var runtime = new RuntimeRecord(handlerName, ToolPath(handler.RuntimePath, handlerName), RuntimeLocation.RootOf(handlerName, handler), handler.RuntimeType, ToolPath(crio.Runtime.MonitorPathFor(handler), "conmon"), crio.Runtime.MonitorEnvFor(handler));
            var hostNetwork = config.Linux?.SecurityContext?.NamespaceOptions?.Network == NamespaceMode.Node;
            var hostIpc = config.Linux?.SecurityContext?.NamespaceOptions?.Ipc == NamespaceMode.Node;

            var directory = engine.Directories.Pod(id);
            await journal.RecordAsync(new UndoStep(UndoKinds.DeleteDirectory, directory)).ConfigureAwait(false);
            Directory.CreateDirectory(directory);

            var shm = hostIpc ? "/dev/shm" : engine.Directories.ShmOf(id);
            if (!hostIpc)
            {
                await journal.RecordAsync(new UndoStep(UndoKinds.DeleteDirectory, shm)).ConfigureAwait(false);
                await journal.RecordAsync(new UndoStep(UndoKinds.Unmount, shm)).ConfigureAwait(false);
                Directory.CreateDirectory(shm);
                Mounts.Mount("shm", shm, "tmpfs", Mounts.NoSuid | Mounts.NoDev | Mounts.NoExec, FormattableString.Invariant($"size={shmSize},mode=1777"));
            }

            var dns = config.DnsConfig is { } d ? new PodDnsConfig([.. d.Servers], [.. d.Searches], [.. d.Options]) : PodDnsConfig.None;
            string? netns = null;
            IReadOnlyList<string> ips = [];
            if (!hostNetwork)
            {
                // Asked first: without a network there is no point in making anything else.
                var status = engine.Network();
                var network = status.Network ?? throw new RpcException(StatusCode.FailedPrecondition, $"pod {name}: no CNI network to attach it to: {status.Message}");
                netns = NetworkNamespace.PathFor(engine.Directories.Namespaces);
                await journal.RecordAsync(new UndoStep(UndoKinds.RemoveNetworkNamespace, netns)).ConfigureAwait(false);
                if (userNamespace is null)
                {
                    await NetworkNamespace.CreateAtAsync(netns).ConfigureAwait(false);
                }
                else
                {
                    await journal.RecordAsync(new UndoStep(UndoKinds.RemoveNetworkNamespace, UserNamespacePin(directory))).ConfigureAwait(false);
                    await UserOwnedNetworkNamespace.CreateAtAsync(netns, UserNamespacePin(directory), userNamespace.UidMapLine, userNamespace.GidMapLine).ConfigureAwait(false);
                }
                var attachment = PodNetworkAttachment.For(id, config, network, netns, dns);
                var cachePath = engine.CniCache.PathOf(network.Name, id, attachment.InterfaceName);
                await journal.RecordAsync(new UndoStep(UndoKinds.DetachNetwork, cachePath)).ConfigureAwait(false);
                var attached = await CniPodNetwork.AttachAsync(engine.CniCache, cachePath, attachment, engine.Cni()).ConfigureAwait(false);
                ips = CniResult.Addresses(attached.Result!);
                LogAttached(id, network.Name, string.Join(", ", ips));
            }

            var resolv = await PodResolvConf.WriteAsync(directory, dns).ConfigureAwait(false);
            var hostnamePath = Path.Combine(directory, PodHostname.FileName);

            var cgroupParent = config.Linux?.CgroupParent ?? "";
            var podCgroup = cgroups.PodCgroupFor(id, cgroupParent);
            await journal.RecordAsync(new UndoStep(UndoKinds.RemovePodCgroup, id, CgroupParent: cgroupParent, CgroupManager: cgroups.Name)).ConfigureAwait(false);
            await cgroups.CreatePodCgroupAsync(podCgroup).ConfigureAwait(false);

            await journal.RecordAsync(new UndoStep(UndoKinds.RemoveRootfs, id)).ConfigureAwait(false);
            var rootfs = await engine.Images.Filesystems.CreateAsync(id, pause, crio.Crio.StorageDriver, CancellationToken.None).ConfigureAwait(false);

            var bundle = engine.Directories.Bundle(id);
            await journal.RecordAsync(new UndoStep(UndoKinds.DeleteDirectory, bundle)).ConfigureAwait(false);
            Directory.CreateDirectory(bundle);
            var logDirectory = PodLogs.DirectoryOf(config, id, crio);
            Directory.CreateDirectory(logDirectory);
            if (LinkedLogs.VolumeOf(annotations) is { } logVolume)
            {
                var emptyDir = LinkedLogs.EmptyDirPath(engine.Options.KubeletRootDir, config.Metadata.Uid, logVolume);
                await journal.RecordAsync(new UndoStep(UndoKinds.Unmount, emptyDir)).ConfigureAwait(false);
                // As CRI-O: a volume it cannot link the logs into is told, and the pod runs.
                if (LinkedLogs.Mount(logDirectory, emptyDir, logVolume) is { } failure)
                    LogLinkLogsFailed(id, logVolume, failure);
                else
                    LogLinkedLogs(id, logDirectory, emptyDir);
            }
            var sandbox = await SandboxSpecBuilder.BuildAsync(new SandboxSpecInput
            {
                SandboxId = id,
                Config = config,
                RootfsPath = rootfs,
                PauseCommand = PauseCommand(crio, pause),
                NetworkNamespacePath = netns,
                UserNamespacePath = userNamespace is null ? null : UserNamespacePin(directory),
                CgroupsPath = cgroups.ContainerCgroupsPath(podCgroup, id),
                Files = new SandboxFiles(shm, resolv, hostnamePath),
                LogPath = Path.Combine(logDirectory, id + ".log"),
                PauseImage = crio.Image.PauseImage,
                RuntimeHandler = handlerName,
                InfraCpuset = crio.Runtime.InfraCtrCpuset,
                MinimumOomScoreAdj = engine.Host.MinimumOomScoreAdj,
                CapabilityBoundingSet = engine.Host.CapabilityBoundingSet,
                Security = ConfigSecurity.Of(crio.Runtime),
                Logger = logger,
                Created = DateTimeOffset.UtcNow,
            }).ConfigureAwait(false);
            if (sandbox.OomScoreAdj.Clamped)
                LogOomClamped(id, sandbox.OomScoreAdj.Requested, sandbox.OomScoreAdj.Applied);
            await PodHostname.WriteAsync(directory, sandbox.Hostname).ConfigureAwait(false);
            await SpecFile.WriteAsync(bundle, sandbox.Spec).ConfigureAwait(false);

            var pod = new PodRecord(
                id, name, config.ToByteString().ToBase64(), DateTimeOffset.UtcNow, PodPhase.NotReady, handlerName, runtime,
                cgroups.Name, cgroupParent, podCgroup.Path, crio.Runtime.MonitorCgroupFor(handler), crio.Image.PauseImage, pause.Id,
                netns, directory, shm, 0, ips);
            await journal.RecordAsync(new UndoStep(UndoKinds.DeleteFromRuntime, id, RuntimePath: runtime.RuntimePath, RuntimeRoot: runtime.RuntimeRoot)).ConfigureAwait(false);
            var launcher = new MonitorLauncher(Engine.Engine.Runtime(pod), Engine.Engine.Monitor(pod), engine.Loggers.CreateLogger<MonitorLauncher>());
            var monitored = await launcher.CreateContainerAsync(new ContainerMonitorRequest(id, CrioNames.SandboxContainer(config.Metadata), bundle, bundle, Path.Combine(logDirectory, id + ".log"), engine.Directories.Exits, engine.Directories.AttachSockets)
            {
                LogSizeMax = crio.Runtime.LogSizeMax,
                LogLevel = crio.Runtime.LogLevel,
                NoPivot = crio.Runtime.NoPivot,
                PlaceMonitor = async (pid, ct) => await cgroups.MoveMonitorAsync(podCgroup, id, pod.MonitorCgroup, pid, ct).ConfigureAwait(false),
            }).ConfigureAwait(false);
            await Engine.Engine.Runtime(pod).StartAsync(id).ConfigureAwait(false);

            await engine.Pods.SaveAsync(pod with { State = PodPhase.Ready, InfraPid = monitored.ContainerPid }).ConfigureAwait(false);
            journal.Complete();
            LogCreated(id, name, handlerName, crio.Image.PauseImage);
            return id;
        }
        catch (Exception e)
        {
            LogCreateFailed(name, e.Message);
            await journal.RollBackAsync().ConfigureAwait(false);
            engine.Pods.ReleaseName(name, id);
            throw;
        }
    }

    /// <summary>A pod that asks for its own user namespace runs in one or not at all: its mappings, or null for the node's.</summary>
    private static async Task<UserNamespaceMappings?> RequireUserNamespaceAsync(PodSandboxConfig config, string name, string handlerName, RuntimeHandlerSection handler)
    {
        if (PodUserNamespace.Resolve(config, $"pod {name}") is not { } mappings)
            return null;
        var runtimePath = ToolPath(handler.RuntimePath, handlerName);
        PodUserNamespace.RequireSupport(await HandlerFeaturesProbe.ProbeAsync(runtimePath).ConfigureAwait(false), handlerName, runtimePath, $"pod {name}");
        return mappings;
    }

    /// <summary>Where a pod's own user namespace is pinned, beside its other files.</summary>
    private static string UserNamespacePin(string podDirectory) => Path.Combine(podDirectory, "userns");

    private async Task StopInfraAsync(PodRecord pod)
    {
        var runtime = Engine.Engine.Runtime(pod);
        await runtime.KillAsync(pod.Id, 9).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && await runtime.StateAsync(pod.Id).ConfigureAwait(false) is { Status: not Oci.Runtime.OciStatus.Stopped })
            await Task.Delay(20).ConfigureAwait(false);
    }

    private void ReleaseNamespaces(PodRecord pod)
    {
        if (pod.NetnsPath is not null)
            NetworkNamespace.Remove(pod.NetnsPath);
        NetworkNamespace.Remove(UserNamespacePin(pod.Directory));
        if (pod.ShmPath != "/dev/shm")
            Mounts.Unmount(pod.ShmPath);
    }

    /// <summary>The shm-size annotation's size in bytes, else CRI-O's 64 MiB.</summary>
    private static long ShmSizeOf(IReadOnlyDictionary<string, string> annotations, string name)
    {
        if (ExperimentalAnnotations.Value(annotations, ExperimentalAnnotations.ShmSizeV2, ExperimentalAnnotations.ShmSize) is not { } size)
            return DefaultShmSize;
        return ResourceQuantity.TryParseBytes(size, out var bytes) && bytes > 0
            ? bytes
            : throw new RpcException(StatusCode.InvalidArgument, $"pod {name}: annotation {ExperimentalAnnotations.ShmSize}: \"{size}\" is not a size such as \"128Mi\"");
    }

    /// <summary>Takes the pod's log directory off the emptyDir volume that link-logs put it on.</summary>
    private void UnlinkLogs(PodRecord pod)
    {
        var config = PodStatusMapper.Config(pod);
        if (LinkedLogs.VolumeOf(config.Annotations) is { } volume && config.Metadata is { } metadata)
            Mounts.Unmount(LinkedLogs.EmptyDirPath(engine.Options.KubeletRootDir, metadata.Uid, volume));
    }

    /// <summary>The pause image of the live config, pulled on first use with <c>pause_image_auth_file</c>.</summary>
    private async Task<ImageRecord> PauseImageAsync(ConfigSnapshot snapshot, CancellationToken cancellationToken)
    {
        var pauseImage = snapshot.Config.Image.PauseImage;
        if (engine.Images.Find(pauseImage, snapshot.Registries) is { } present)
            return present;
        var authPath = snapshot.Config.Image.PauseImageAuthFile;
        var authFile = authPath.Length > 0 && File.Exists(authPath) ? await AuthFile.LoadAsync(authPath, cancellationToken).ConfigureAwait(false) : null;
        var options = new PullOptions(snapshot.Registries, AuthFile: authFile, Trust: CriService.Trust(snapshot, null));
        return await engine.Images.PullAsync(pauseImage, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>pause_command</c>, or the pause image's own entrypoint and cmd when it is empty.</summary>
    private static IReadOnlyList<string> PauseCommand(CrioConfig config, ImageRecord pause) =>
        config.Image.PauseCommand.Length > 0 ? [config.Image.PauseCommand] : [.. pause.Config.Entrypoint, .. pause.Config.Cmd];

    private static string ToolPath(string configured, string name) =>
        RuntimeLocation.Locate(configured, name) ?? throw new RpcException(StatusCode.FailedPrecondition, $"{name} not found on $PATH");

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod} ({Name}) running on {Handler} from {PauseImage}")]
    private partial void LogCreated(string pod, string name, string handler, string pauseImage);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod}: attached to CNI network {Network} with {Addresses}")]
    private partial void LogAttached(string pod, string network, string addresses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Name}: creation failed, undoing it: {Reason}")]
    private partial void LogCreateFailed(string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod}: oom_score_adj {Requested} raised to {Applied}: the daemon may not lower its own")]
    private partial void LogOomClamped(string pod, int requested, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod}: mounting {LogDirectory} on {EmptyDir} for linked logs")]
    private partial void LogLinkedLogs(string pod, string logDirectory, string emptyDir);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Pod}: failed to link logs into volume {Volume}: {Reason}")]
    private partial void LogLinkLogsFailed(string pod, string volume, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod} ({Name}) stopped")]
    private partial void LogStopped(string pod, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Pod} ({Name}) removed")]
    private partial void LogRemoved(string pod, string name);
}
