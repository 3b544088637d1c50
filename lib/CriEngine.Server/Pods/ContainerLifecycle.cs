using System.Collections.Concurrent;
using CriEngine.Api;
using CriEngine.Cgroups;
using CriEngine.Grpc;
using CriEngine.Oci.Cdi;
using CriEngine.Oci.Hooks;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.Platform.Processes;
using CriEngine.Oci.Spec;
using CriEngine.Server.Engine;
using CriEngine.Server.State;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Pods;

/// <summary>
/// Creates, starts, stops and removes containers in their pods. Creation is journaled and
/// undone whole on failure, runs to its end past the kubelet's deadline, and the same request
/// repeated gets the same container back. Every call is idempotent, and a record that
/// disagrees with the runtime is brought in line with it. Every change of state is recorded
/// and announced.
/// </summary>
public sealed partial class ContainerLifecycle
{
    /// <summary>The wait after the first SIGKILL; each one sent again doubles it, up to <see cref="LongestKillWait"/>.</summary>
    private static readonly TimeSpan FirstKillWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LongestKillWait = TimeSpan.FromSeconds(16);

    /// <summary>How long a stopped container's monitor gets to write its exit file before the exit counts as unseen (CRI-O waits about as long).</summary>
    private static readonly TimeSpan ExitFileWait = TimeSpan.FromSeconds(3);

    /// <summary>The exit code of a container whose runtime state is gone and whose exit nobody saw: CRI-O's.</summary>
    private const int LostExit = 255;

    /// <summary>The exit code of a container the runtime says stopped but whose monitor left no exit code: CRI-O's.</summary>
    private const int UnknownExit = -1;

    private const string NodeHostsFile = "/etc/hosts";

    private readonly Engine.Engine engine;
    private readonly ILogger<ContainerLifecycle> logger;
    private readonly CreationsInFlight _creating;
    private readonly DetachedOperations _teardowns = new();
    private readonly ConcurrentDictionary<string, PendingStop> _stopDeadlines = new(StringComparer.Ordinal);
    private readonly HookCatalog _hooks;
    private readonly CdiCatalog _cdi;

    public ContainerLifecycle(Engine.Engine engine, ILogger<ContainerLifecycle> logger)
    {
        this.engine = engine;
        this.logger = logger;
        _hooks = new HookCatalog(logger);
        _cdi = new CdiCatalog(logger);
        _creating = new CreationsInFlight("container", engine.Containers.Hide, engine.Containers.Reveal, id => RemoveAsync(id, CancellationToken.None), logger, engine.Metrics.ResourceStalledAt);
    }

    /// <summary>Creations whose callers gave up, by stage.</summary>
    public IReadOnlyDictionary<string, int> StalledCreations() => _creating.StalledByStage();

    public async Task<string> CreateAsync(string podId, ContainerConfig config, PodSandboxConfig sandboxConfig, CancellationToken cancellationToken)
    {
        var pod = engine.Pods.Get(podId, "pod sandbox");
        if (config.Metadata is null || config.Metadata.Name.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"pod {pod.Id}: container config needs metadata with a name");
        if (config.Image is null || config.Image.Image.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"pod {pod.Id}: container {config.Metadata.Name} names no image");
        var podConfig = PodSandboxConfig.Parser.ParseFrom(ByteString.FromBase64(pod.Config));
        var name = CrioNames.Container(config.Metadata, podConfig.Metadata);
        var serialized = config.ToByteString().ToBase64();
        if (engine.Containers.Listed.FirstOrDefault(c => c.Name == name) is { } existing)
        {
            return existing.Config == serialized && existing.PodId == pod.Id
                ? existing.Id
                : throw new RpcException(StatusCode.AlreadyExists, $"container name {name} is in use by container {existing.Id}");
        }
        return await _creating.RunAsync(name, serialized, progress => CreateInPodAsync(pod, podConfig, name, config, progress), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a created container. Starting one that runs already is fine: a start the daemon
    /// died in the middle of, or whose answer the kubelet missed, has happened.
    /// </summary>
    public async Task StartAsync(string containerId, CancellationToken cancellationToken)
    {
        var container = engine.Containers.Get(containerId, "container");
        using (await engine.Locks.AcquireAsync(container.Id, cancellationToken).ConfigureAwait(false))
        {
            container = engine.Containers.Get(container.Id, "container");
            if (container.State == ContainerPhase.Running)
                return;
            if (container.State != ContainerPhase.Created)
                throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id} is {container.State.ToString().ToLowerInvariant()}, not created");
            var pod = engine.Pods.Get(container.PodId, "pod sandbox");
            var runtime = Engine.Engine.Runtime(pod);
            // Taken before the start: a process that exits at once must not finish before it started.
            var startedAt = DateTimeOffset.UtcNow;
            try
            {
                await runtime.StartAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                // Started already, by a call whose record did not follow: the runtime is the truth.
                if (await runtime.StateAsync(container.Id, CancellationToken.None).ConfigureAwait(false) is not { Status: OciStatus.Running or OciStatus.Stopped } state)
                    throw;
                startedAt = ProcessStartTime.Of(state.Pid) ?? startedAt;
                LogStartConverged(container.Id, state.Status.ToString().ToLowerInvariant());
            }
            var started = container with { State = ContainerPhase.Running, StartedAt = startedAt };
            await engine.Containers.SaveAsync(started, CancellationToken.None).ConfigureAwait(false);
            Publish(started, ContainerEventType.ContainerStartedEvent);
            LogStarted(container.Id, container.Name);
        }
        // It may have exited already: an exit file written before the record said running is picked up now.
        if (engine.Exits.TryRead(container.Id) is { } exit)
            await RecordExitAsync(exit, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// New limits through the runtime's update, then recorded, so ContainerStatus shows what is in
    /// force. Only a created or running container has a cgroup to update.
    /// </summary>
    public async Task UpdateResourcesAsync(string containerId, LinuxContainerResources resources, CancellationToken cancellationToken)
    {
        var container = engine.Containers.Get(containerId, "container");
        using (await engine.Locks.AcquireAsync(container.Id, cancellationToken).ConfigureAwait(false))
        {
            container = engine.Containers.Get(container.Id, "container");
            if (container.State is not (ContainerPhase.Running or ContainerPhase.Created))
                throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id} is {container.State.ToString().ToLowerInvariant()}: it has no cgroup to update");
            var pod = engine.Pods.Get(container.PodId, "pod sandbox");
            MinimumMemory.Check(engine.Config.Current.Config.Runtime.Runtimes.GetValueOrDefault(pod.RuntimeHandler), pod.RuntimeHandler, resources.MemoryLimitInBytes, $"container {container.Id}");
            var json = ResourceUpdate.Json(resources, engine.Host.CgroupSupport, $"container {container.Id}");
            var oomScoreAdj = resources.OomScoreAdj == 0 ? null : OomScoreAdjustment.Clamp(resources.OomScoreAdj, engine.Host.MinimumOomScoreAdj, $"container {container.Id}");
            try
            {
                await Engine.Engine.Runtime(pod).UpdateAsync(container.Id, json, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException) when (resources.MemoryLimitInBytes > 0)
            {
                // The kernel refuses a limit below what the cgroup holds (EBUSY): said plainly rather than in the runtime's words.
                MemoryUsageCheck.Require($"container {container.Id}", resources.MemoryLimitInBytes, await MemoryUsageAsync(pod, container.Id).ConfigureAwait(false));
                throw;
            }
            var recorded = resources.Clone();
            recorded.OomScoreAdj = await ApplyOomScoreAdjAsync(container, oomScoreAdj, cancellationToken).ConfigureAwait(false);
            await engine.Containers.SaveAsync(container with { Resources = recorded.ToByteString().ToBase64() }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The runtime's update has no oom_score_adj (CRI-O leaves it out too), so the container's
    /// process gets it directly, raised to the engine's own as at creation; its later children
    /// inherit it. 0, what a client that does not set it sends (the kubelet never does), keeps the
    /// current one. Returns the value the process has, the one ContainerStatus reports.
    /// </summary>
    private async Task<int> ApplyOomScoreAdjAsync(ContainerRecord container, OomScoreAdjustment? requested, CancellationToken cancellationToken)
    {
        try
        {
            if (requested is null)
                return OomScoreAdj.ReadOf(container.Pid);
            await OomScoreAdj.SetAsync(container.Pid, requested.Applied, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id}: oom_score_adj of its process {container.Pid}: {e.Message}");
        }
        if (requested.Clamped)
            LogOomClamped(container.Id, requested.Requested, requested.Applied);
        return requested.Applied;
    }

    /// <summary>
    /// The stop signal, then SIGKILL after <paramref name="timeout"/>; returns once the container
    /// has exited. Stopping a container that is not running, or not known, is fine. The stop runs
    /// to its end whatever the caller does; calls that overlap share it, the shortest timeout wins.
    /// </summary>
    public Task StopAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (engine.Containers.Find(containerId) is not { } container)
            return Task.CompletedTask;
        var killAt = DateTime.UtcNow + timeout;
        var id = container.Id;
        var stop = _stopDeadlines.AddOrUpdate(id, _ => new PendingStop(killAt), (_, running) => running.KillNoLaterThan(killAt));
        return _teardowns.RunAsync("stop " + id, () => StopToTheEndAsync(id, stop), cancellationToken);
    }

    /// <summary>Removes a container, killing it first if it runs. A container that is gone, or half removed, is fine: what is left goes.</summary>
    public Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        if (engine.Containers.Find(containerId) is not { } container)
            return Task.CompletedTask;
        var id = container.Id;
        return _teardowns.RunAsync("remove " + id, () => RemoveToTheEndAsync(id), cancellationToken);
    }

    /// <summary>
    /// Brings a container's record in line with what the runtime and the monitor say: at start,
    /// and whenever the two may disagree. A record whose bundle is gone (a reboot wiped runroot,
    /// or someone removed it) is dropped with what is left of it, as CRI-O drops a container
    /// whose state is gone. A created container found running is recorded running from its
    /// process's start; one that stopped gets the exit code its monitor left (CRI-O's -1
    /// without one, 255 when the runtime lost it too).
    /// </summary>
    /// <param name="listed">What the runtime listed a moment ago, by ID (a container it does not list is unknown to it); null asks it about this one.</param>
    public async Task ReconcileAsync(string containerId, IReadOnlyDictionary<string, OciState>? listed, CancellationToken cancellationToken)
    {
        using (await engine.Locks.AcquireAsync(containerId, cancellationToken).ConfigureAwait(false))
        {
            if (engine.Containers.Find(containerId) is not { } container || container.Id != containerId)
                return;
            var pod = engine.Pods.Find(container.PodId);
            if (pod is null || !Directory.Exists(container.Bundle))
            {
                LogVanished(container.Id, container.Name);
                await RemoveLeftoversAsync(container, pod).ConfigureAwait(false);
                return;
            }
            if (container.State == ContainerPhase.Exited)
                return;
            if (engine.Exits.TryRead(container.Id) is { } exit)
            {
                await SaveExitAsync(container, exit).ConfigureAwait(false);
                return;
            }
            var state = listed is null ? await Engine.Engine.Runtime(pod).StateAsync(container.Id, cancellationToken).ConfigureAwait(false) : listed.GetValueOrDefault(container.Id);
            if (state?.Status == OciStatus.Paused)
            {
                // The engine pauses a container only while it checkpoints it, under this lock: found
                // paused, the daemon died in the middle, and the container must not stay frozen.
                await Engine.Engine.Runtime(pod).ResumeAsync(container.Id, cancellationToken).ConfigureAwait(false);
                LogResumed(container.Id, container.Name);
            }
            switch (state?.Status)
            {
                case null:
                    LogLost(container.Id, container.Name);
                    await SaveExitAsync(container, new ContainerExit(container.Id, LostExit, DateTimeOffset.UtcNow, false), "Unknown", "the runtime no longer knows the container and its monitor recorded no exit").ConfigureAwait(false);
                    break;
                case OciStatus.Running or OciStatus.Paused when container.State == ContainerPhase.Created:
                    var running = container with { State = ContainerPhase.Running, StartedAt = ProcessStartTime.Of(state.Pid) ?? DateTimeOffset.UtcNow, Pid = state.Pid };
                    await engine.Containers.SaveAsync(running, CancellationToken.None).ConfigureAwait(false);
                    Publish(running, ContainerEventType.ContainerStartedEvent);
                    LogFoundRunning(container.Id, container.Name);
                    break;
                case OciStatus.Stopped:
                    var seen = await WaitForExitFileAsync(container.Id, ExitFileWait, cancellationToken).ConfigureAwait(false);
                    await SaveExitAsync(container, seen ?? new ContainerExit(container.Id, UnknownExit, DateTimeOffset.UtcNow, false), seen is null ? "Unknown" : null, seen is null ? $"the runtime says the container stopped, but its monitor wrote no exit file within {ExitFileWait.TotalSeconds:0} s" : "").ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Records an exit the monitor reported (or left behind while the daemon was down).</summary>
    public async Task RecordExitAsync(ContainerExit exit, CancellationToken cancellationToken)
    {
        var container = engine.Containers.Find(exit.ContainerId);
        if (container is null || container.State == ContainerPhase.Exited)
            return;
        using (await engine.Locks.AcquireAsync(container.Id, cancellationToken).ConfigureAwait(false))
        {
            container = engine.Containers.Find(exit.ContainerId);
            if (container is not null && container.State != ContainerPhase.Exited)
                await SaveExitAsync(container, exit).ConfigureAwait(false);
        }
    }

    private async Task StopToTheEndAsync(string containerId, PendingStop stop)
    {
        try
        {
            await StopUnderLockAsync(containerId, stop).ConfigureAwait(false);
        }
        finally
        {
            _stopDeadlines.TryRemove(KeyValuePair.Create(containerId, stop));
        }
    }

    private async Task StopUnderLockAsync(string containerId, PendingStop stop)
    {
        using (await engine.Locks.AcquireAsync(containerId, CancellationToken.None).ConfigureAwait(false))
        {
            if (engine.Containers.Find(containerId) is not { State: ContainerPhase.Created or ContainerPhase.Running } container || container.Id != containerId)
                return;
            var pod = engine.Pods.Get(container.PodId, "pod sandbox");
            var runtime = Engine.Engine.Runtime(pod);
            if (container.State == ContainerPhase.Running)
            {
                await runtime.KillAsync(container.Id, container.StopSignal).ConfigureAwait(false);
                while (engine.Exits.TryRead(container.Id) is null && DateTime.UtcNow < stop.KillAt)
                    await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
            }
            // Created but never started has nothing to signal politely.
            if (engine.Exits.TryRead(container.Id) is null)
                await KillUntilGoneAsync(runtime, container.Id).ConfigureAwait(false);
            var exit = engine.Exits.TryRead(container.Id) ?? new ContainerExit(container.Id, 137, DateTimeOffset.UtcNow, false);
            await SaveExitAsync(container, exit).ConfigureAwait(false);
        }
    }

    private async Task RemoveToTheEndAsync(string containerId)
    {
        await StopAsync(containerId, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        using (await engine.Locks.AcquireAsync(containerId, CancellationToken.None).ConfigureAwait(false))
        {
            if (engine.Containers.Find(containerId) is not { } container || container.Id != containerId)
                return;
            await RemoveLeftoversAsync(container, engine.Pods.Find(container.PodId)).ConfigureAwait(false);
            LogRemoved(container.Id, container.Name);
        }
    }

    /// <summary>Under the container's lock: everything the container made goes, then its record.</summary>
    private async Task RemoveLeftoversAsync(ContainerRecord container, PodRecord? pod)
    {
        if (pod is not null)
        {
            await engine.Undo.RunAsync(new UndoStep(UndoKinds.DeleteFromRuntime, container.Id, RuntimePath: pod.Runtime.RuntimePath, RuntimeRoot: pod.Runtime.RuntimeRoot)).ConfigureAwait(false);
            await engine.Undo.RunAsync(new UndoStep(UndoKinds.RemoveContainerCgroup, container.Id, pod.Id, pod.CgroupParent)).ConfigureAwait(false);
        }
        await engine.Undo.RunAsync(new UndoStep(UndoKinds.RemoveImageVolumes, container.Id)).ConfigureAwait(false);
        await engine.Undo.RunAsync(new UndoStep(UndoKinds.RemoveRootfs, container.Id)).ConfigureAwait(false);
        await engine.Undo.RunAsync(new UndoStep(UndoKinds.DeleteDirectory, container.Bundle)).ConfigureAwait(false);
        File.Delete(MonitorPaths.ExitFile(engine.Directories.Exits, container.Id));
        engine.Containers.Delete(container);
        engine.Metrics.ContainerRemoved(container.Name);
        engine.Locks.Forget(container.Id);
        Publish(container, ContainerEventType.ContainerDeletedEvent);
    }

    /// <summary>
    /// Records the exit. <paramref name="message"/> says, as CRI-O's state error does in
    /// ContainerStatus.message, why the exit is not the container's own; empty for a seen one.
    /// </summary>
    private async Task SaveExitAsync(ContainerRecord container, ContainerExit exit, string? reason = null, string message = "")
    {
        await KillLeftoverProcessesAsync(container).ConfigureAwait(false);
        reason ??= exit.OomKilled ? "OOMKilled" : exit.ExitCode == 0 ? "Completed" : "Error";
        if (exit.OomKilled)
            engine.Metrics.ContainerOomKilled(container.Name);
        // The exit file's time has the file system's granularity: never before the recorded start.
        var finishedAt = container.StartedAt is { } startedAt && exit.ExitedAt < startedAt ? startedAt : exit.ExitedAt;
        var exited = container with { State = ContainerPhase.Exited, ExitCode = exit.ExitCode, FinishedAt = finishedAt, Reason = reason, Message = message, Pid = 0 };
        await engine.Containers.SaveAsync(exited, CancellationToken.None).ConfigureAwait(false);
        Publish(exited, ContainerEventType.ContainerStoppedEvent);
        LogExited(container.Id, container.Name, exit.ExitCode, reason);
    }

    /// <summary>
    /// A container without a PID namespace of its own (the node's, the pod's or a target's) keeps
    /// its other processes when its first one ends, where a namespace of its own would have taken
    /// them down with it: they get SIGKILL, as CRI-O gives them, so none outlives its container.
    /// </summary>
    private async Task KillLeftoverProcessesAsync(ContainerRecord container)
    {
        var pid = ContainerStatusMapper.Config(container).Linux?.SecurityContext?.NamespaceOptions?.Pid ?? NamespaceMode.Pod;
        if (pid == NamespaceMode.Container || engine.Pods.Find(container.PodId) is not { } pod || pod.Id != container.PodId)
            return;
        try
        {
            await Engine.Engine.Runtime(pod).KillAsync(container.Id, 9, all: true).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            LogLeftoversNotKilled(container.Id, e.Message);
        }
    }

    /// <summary>
    /// SIGKILL to every process of the container until its exit is seen, sent again with a growing
    /// wait as CRI-O's stop loop does: a stop is reported only once the runtime has made it. It ends
    /// too when the runtime no longer has the container running (its monitor may have died first).
    /// </summary>
    private async Task KillUntilGoneAsync(OciRuntime runtime, string containerId)
    {
        var wait = FirstKillWait;
        for (var attempt = 1; ; attempt++)
        {
            var signalled = await runtime.KillAsync(containerId, 9, all: true).ConfigureAwait(false);
            if (await WaitForExitFileAsync(containerId, wait, CancellationToken.None).ConfigureAwait(false) is not null || !signalled)
                return;
            LogStillRunning(containerId, attempt, wait.TotalSeconds);
            wait = wait * 2 < LongestKillWait ? wait * 2 : LongestKillWait;
        }
    }

    private async Task<ContainerExit?> WaitForExitFileAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (engine.Exits.TryRead(containerId) is { } exit)
                return exit;
            if (DateTime.UtcNow >= deadline)
                return null;
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> CreateInPodAsync(PodRecord pod, PodSandboxConfig podConfig, string name, ContainerConfig config, CreationProgress progress)
    {
        if (pod.State != PodPhase.Ready || pod.InfraPid == 0)
            throw new RpcException(StatusCode.FailedPrecondition, $"pod {pod.Id} is not ready: cannot create container {config.Metadata.Name} in it");
        var snapshot = engine.Config.Current;
        var handler = snapshot.Config.Runtime.Runtimes.GetValueOrDefault(pod.RuntimeHandler);
        var annotations = AnnotationFilter.ForContainer(
            snapshot.Config.Runtime, pod.RuntimeHandler, handler, podConfig.Annotations, config.Annotations, engine.Host.CgroupSupport.IsV2, logger, $"container {name}");
        var (annotated, umask) = AnnotatedContainer.Apply(config, annotations, podConfig.Annotations, snapshot.Config.Runtime, $"container {name}");
        MinimumMemory.Check(handler, pod.RuntimeHandler, config.Linux?.Resources?.MemoryLimitInBytes ?? 0, $"container {name}");
        var image = engine.Images.Find(config.Image.Image, snapshot.Registries)
            ?? throw new RpcException(StatusCode.NotFound, $"container {name}: image {config.Image.Image} is not present; pull it first");
        var volumeImages = ContainerImageVolumes.Find(engine.Images, snapshot.Registries, name, config);
        var cgroups = engine.CgroupManager(pod);
        var podCgroup = cgroups.PodCgroupFor(pod.Id, pod.CgroupParent);

        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        if (!engine.Containers.TryReserveName(name, id, out var holder))
            throw new RpcException(StatusCode.AlreadyExists, $"container name {name} is in use by container {holder}");
        progress.Assign(id);
        var journal = CreationJournal.Begin(engine.Directories.Creations, id, engine.Undo, progress.Enter);
        try
        {
            using var lease = engine.Images.Layers.Lease(image.Layers.Concat(volumeImages.SelectMany(volume => volume.Image.Layers)));
            await journal.RecordAsync(new UndoStep(UndoKinds.RemoveRootfs, id)).ConfigureAwait(false);
            var rootfs = await engine.Images.Filesystems.CreateAsync(id, image, snapshot.Config.Crio.StorageDriver, CancellationToken.None).ConfigureAwait(false);
            var volumes = await ContainerImageVolumes.MountAsync(engine.Images.Volumes, journal, id, name, volumeImages).ConfigureAwait(false);

            var bundle = engine.Directories.Bundle(id);
            await journal.RecordAsync(new UndoStep(UndoKinds.DeleteDirectory, bundle)).ConfigureAwait(false);
            Directory.CreateDirectory(bundle);
            var logPath = Path.Combine(PodLogs.DirectoryOf(podConfig, pod.Id, snapshot.Config), config.LogPath.Length > 0 ? config.LogPath : id + ".log");
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            var spec = await ContainerSpecBuilder.BuildAsync(new ContainerSpecInput
            {
                ContainerId = id,
                Config = annotated,
                Umask = umask,
                SandboxId = pod.Id,
                SandboxConfig = podConfig,
                RootfsPath = rootfs,
                BundleDirectory = bundle,
                Image = new ImageDefaults
                {
                    User = image.Config.User,
                    Env = image.Config.Env,
                    Entrypoint = image.Config.Entrypoint,
                    Cmd = image.Config.Cmd,
                    WorkingDir = image.Config.WorkingDir,
                    Volumes = image.Config.Volumes,
                    StopSignal = image.Config.StopSignal,
                },
                ImageName = config.Image.Image,
                ImageId = image.Id,
                ImageVolumes = volumes.HostPaths,
                InfraPid = pod.InfraPid,
                TargetPid = TargetPid(pod, config),
                NetworkNamespacePath = pod.NetnsPath,
                CgroupsPath = cgroups.ContainerCgroupsPath(podCgroup, id),
                Cgroups = engine.Host.CgroupSupport,
                Files = new SandboxFiles(
                    pod.ShmPath, Path.Combine(pod.Directory, "resolv.conf"), Path.Combine(pod.Directory, "hostname"),
                    // A pod on the node's network has no address of its own: CRI-O gives its containers the node's hosts file.
                    HostsPath: pod.NetnsPath is null ? NodeHostsFile : null,
                    ContainerEnvPath: ContainerEnvFile.Ensure(pod.Directory)),
                LogPath = logPath,
                MinimumOomScoreAdj = engine.Host.MinimumOomScoreAdj,
                CapabilityBoundingSet = engine.Host.CapabilityBoundingSet,
                Features = await Oci.Runtime.HandlerFeaturesProbe.ProbeAsync(pod.Runtime.RuntimePath).ConfigureAwait(false),
                Security = ConfigSecurity.Of(snapshot.Config.Runtime),
                DefaultEnv = snapshot.Config.Runtime.DefaultEnv,
                AbsentMountSourcesToReject = snapshot.Config.Runtime.AbsentMountSourcesToReject,
                Hooks = _hooks.Load(snapshot.Config.Runtime.HooksDir),
                CdiDevices = _cdi.Load(snapshot.Config.Runtime.CdiSpecDirs),
                Logger = logger,
                Created = DateTimeOffset.UtcNow,
            }).ConfigureAwait(false);
            if (spec.OomScoreAdj is { Clamped: true } oom)
                LogOomClamped(id, oom.Requested, oom.Applied);
            if (LinkedLogs.VolumeOf(podConfig.Annotations) is not null)
                LinkedLogs.LinkContainer(PodLogs.DirectoryOf(podConfig, pod.Id, snapshot.Config), id, logPath);
            await SpecFile.WriteAsync(bundle, spec.Spec).ConfigureAwait(false);

            await journal.RecordAsync(new UndoStep(UndoKinds.RemoveContainerCgroup, id, pod.Id, pod.CgroupParent)).ConfigureAwait(false);
            await journal.RecordAsync(new UndoStep(UndoKinds.DeleteFromRuntime, id, RuntimePath: pod.Runtime.RuntimePath, RuntimeRoot: pod.Runtime.RuntimeRoot)).ConfigureAwait(false);
            var crio = snapshot.Config;
            var launcher = new MonitorLauncher(Engine.Engine.Runtime(pod), Engine.Engine.Monitor(pod), engine.Loggers.CreateLogger<MonitorLauncher>());
            var monitored = await launcher.CreateContainerAsync(new ContainerMonitorRequest(id, name, bundle, bundle, logPath, engine.Directories.Exits, engine.Directories.AttachSockets)
            {
                LogSizeMax = crio.Runtime.LogSizeMax,
                LogLevel = crio.Runtime.LogLevel,
                NoPivot = crio.Runtime.NoPivot,
                Terminal = config.Tty,
                Stdin = config.Stdin,
                StdinOnce = config.StdinOnce,
                PlaceMonitor = async (pid, ct) => await cgroups.MoveMonitorAsync(podCgroup, id, pod.MonitorCgroup, pid, ct).ConfigureAwait(false),
            }).ConfigureAwait(false);

            var imageRef = image.RepoDigests.FirstOrDefault() ?? image.Id;
            var container = new ContainerRecord(
                id, name, pod.Id, config.ToByteString().ToBase64(), config.Image.Image, image.Id, imageRef, logPath, bundle, spec.StopSignal,
                DateTimeOffset.UtcNow, ContainerPhase.Created, monitored.ContainerPid, null, null, 0, "", "", ImageVolumeRefs: volumes.ImageRefs.Count > 0 ? volumes.ImageRefs : null, User: spec.Spec.Process?.User);
            await engine.Containers.SaveAsync(container).ConfigureAwait(false);
            journal.Complete();
            Publish(container, ContainerEventType.ContainerCreatedEvent);
            LogCreated(id, name, pod.Id, config.Image.Image);
            return id;
        }
        catch (Exception e)
        {
            LogCreateFailed(name, e.Message);
            await journal.RollBackAsync().ConfigureAwait(false);
            engine.Containers.ReleaseName(name, id);
            throw;
        }
    }

    private async Task<ulong?> MemoryUsageAsync(PodRecord pod, string containerId)
    {
        var cgroups = engine.CgroupManager(pod);
        try
        {
            var stats = await cgroups.ReadContainerStatsAsync(cgroups.PodCgroupFor(pod.Id, pod.CgroupParent), containerId).ConfigureAwait(false);
            return stats.Memory?.UsageBytes;
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>
    /// For a TARGET pid namespace (<c>kubectl debug --target</c>): the process of the named
    /// container, which must run in the same pod.
    /// </summary>
    private int? TargetPid(PodRecord pod, ContainerConfig config)
    {
        if (config.Linux?.SecurityContext?.NamespaceOptions is not { Pid: NamespaceMode.Target } options)
            return null;
        var target = engine.Containers.Find(options.TargetId);
        if (target is null || target.PodId != pod.Id)
            throw new RpcException(StatusCode.NotFound, $"pod {pod.Id}: container {config.Metadata.Name}: target container \"{options.TargetId}\" of its pid namespace is not in the pod");
        if (target.State != ContainerPhase.Running || target.Pid <= 0)
            throw new RpcException(StatusCode.FailedPrecondition, $"pod {pod.Id}: container {config.Metadata.Name}: target container {target.Id} of its pid namespace is not running");
        return target.Pid;
    }

    private void Publish(ContainerRecord container, ContainerEventType type)
    {
        var message = new ContainerEventResponse
        {
            ContainerId = container.Id,
            ContainerEventType = type,
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
        };
        // As CRI-O: the pod's status and all its containers' statuses, which the kubelet's evented
        // PLEG takes as the pod's whole state instead of asking again. The container itself is
        // among them unless deleted, though a new one is not listed until its caller has its ID.
        if (engine.Pods.Find(container.PodId) is { } pod)
        {
            message.PodSandboxStatus = PodStatusMapper.Status(pod);
            var others = engine.Containers.Listed.Where(c => c.PodId == pod.Id && c.Id != container.Id);
            message.ContainersStatuses.AddRange((type == ContainerEventType.ContainerDeletedEvent ? others : others.Append(container)).Select(ContainerStatusMapper.Status));
        }
        engine.Events.Publish(message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} ({Name}) created in pod {Pod} from {Image}")]
    private partial void LogCreated(string container, string name, string pod, string image);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Name}: creation failed, undoing it: {Reason}")]
    private partial void LogCreateFailed(string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container}: oom_score_adj {Requested} raised to {Applied}: the daemon may not lower its own")]
    private partial void LogOomClamped(string container, int requested, int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container}: its processes left after its first one ended could not be killed: {Reason}")]
    private partial void LogLeftoversNotKilled(string container, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container}: still running {Seconds} s after SIGKILL number {Attempt}, sending it again")]
    private partial void LogStillRunning(string container, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} ({Name}) started")]
    private partial void LogStarted(string container, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} ({Name}) exited with {ExitCode} ({Reason})")]
    private partial void LogExited(string container, string name, int exitCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container}: the runtime had started it already ({Status}); recorded as started")]
    private partial void LogStartConverged(string container, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container} ({Name}) was found running though recorded as created; recorded as running")]
    private partial void LogFoundRunning(string container, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {ContainerId} ({Name}) found paused, as a checkpoint the daemon did not live to finish leaves it: resumed")]
    private partial void LogResumed(string containerId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container} ({Name}) is gone and its exit was not seen; recorded as exited")]
    private partial void LogLost(string container, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container} ({Name}): its bundle or pod is gone; the record and what is left of it are removed")]
    private partial void LogVanished(string container, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} ({Name}) removed")]
    private partial void LogRemoved(string container, string name);
}
