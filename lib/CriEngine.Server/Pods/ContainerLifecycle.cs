using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Spec;
using CriEngine.Server.Engine;
using CriEngine.Server.State;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Pods;

/// <summary>
/// Creates, starts, stops and removes containers in their pods. Creation is journaled and
/// undone whole on failure, runs to its end past the kubelet's deadline, and the same request
/// repeated gets the same container back. Every change of state is recorded and announced.
/// </summary>
public sealed partial class ContainerLifecycle(Engine.Engine engine, ILogger<ContainerLifecycle> logger)
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    private readonly CreationsInFlight _creating = new("container");

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
        if (engine.Containers.All.FirstOrDefault(c => c.Name == name) is { } existing)
        {
            return existing.Config == serialized && existing.PodId == pod.Id
                ? existing.Id
                : throw new RpcException(StatusCode.AlreadyExists, $"container name {name} is in use by container {existing.Id}");
        }
        return await _creating.RunAsync(name, serialized, () => CreateInPodAsync(pod, podConfig, name, config), cancellationToken).ConfigureAwait(false);
    }

    public async Task StartAsync(string containerId, CancellationToken cancellationToken)
    {
        var container = engine.Containers.Get(containerId, "container");
        using (await engine.Locks.AcquireAsync(container.Id, cancellationToken).ConfigureAwait(false))
        {
            container = engine.Containers.Get(container.Id, "container");
            if (container.State != ContainerPhase.Created)
                throw new RpcException(StatusCode.FailedPrecondition, $"container {container.Id} is {container.State.ToString().ToLowerInvariant()}, not created");
            var pod = engine.Pods.Get(container.PodId, "pod sandbox");
            // Taken before the start: a process that exits at once must not finish before it started.
            var startedAt = DateTimeOffset.UtcNow;
            await Engine.Engine.Runtime(pod).StartAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
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
            var json = ResourceUpdate.Json(resources, engine.Host.CgroupSupport, $"container {container.Id}");
            await Engine.Engine.Runtime(pod).UpdateAsync(container.Id, json, cancellationToken).ConfigureAwait(false);
            await engine.Containers.SaveAsync(container with { Resources = resources.ToByteString().ToBase64() }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The stop signal, then SIGKILL after <paramref name="timeout"/>; stopping a container that is
    /// not running is fine. Returns once the container has exited.
    /// </summary>
    public async Task StopAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var container = engine.Containers.Find(containerId) ?? throw new RpcException(StatusCode.NotFound, $"container {containerId} not found");
        using (await engine.Locks.AcquireAsync(container.Id, cancellationToken).ConfigureAwait(false))
        {
            container = engine.Containers.Find(container.Id);
            if (container is null || container.State is ContainerPhase.Exited)
                return;
            var pod = engine.Pods.Get(container.PodId, "pod sandbox");
            var runtime = Engine.Engine.Runtime(pod);
            if (container.State == ContainerPhase.Running)
            {
                await runtime.KillAsync(container.Id, container.StopSignal, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                if (!await WaitForExitAsync(container, timeout, cancellationToken).ConfigureAwait(false))
                {
                    await runtime.KillAsync(container.Id, 9, all: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                    await WaitForExitAsync(container, KillWait, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                // Created but never started: there is nothing to signal politely.
                await runtime.KillAsync(container.Id, 9, all: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                await WaitForExitAsync(container, KillWait, cancellationToken).ConfigureAwait(false);
            }
            var exit = engine.Exits.TryRead(container.Id) ?? new ContainerExit(container.Id, 137, DateTimeOffset.UtcNow, false);
            await SaveExitAsync(container, exit).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a container, killing it first if it runs. A container that is gone is fine.</summary>
    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        var container = engine.Containers.Find(containerId);
        if (container is null)
            return;
        if (container.State is ContainerPhase.Running or ContainerPhase.Created)
            await StopAsync(container.Id, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        using (await engine.Locks.AcquireAsync(container.Id, cancellationToken).ConfigureAwait(false))
        {
            container = engine.Containers.Find(container.Id);
            if (container is null)
                return;
            var pod = engine.Pods.Find(container.PodId);
            if (pod is not null)
            {
                await engine.Undo.RunAsync(new UndoStep(UndoKinds.DeleteFromRuntime, container.Id, RuntimePath: pod.Runtime.RuntimePath, RuntimeRoot: pod.Runtime.RuntimeRoot)).ConfigureAwait(false);
                await engine.Undo.RunAsync(new UndoStep(UndoKinds.RemoveContainerCgroup, container.Id, pod.Id, pod.CgroupParent)).ConfigureAwait(false);
            }
            await engine.Undo.RunAsync(new UndoStep(UndoKinds.RemoveRootfs, container.Id)).ConfigureAwait(false);
            await engine.Undo.RunAsync(new UndoStep(UndoKinds.DeleteDirectory, container.Bundle)).ConfigureAwait(false);
            File.Delete(MonitorPaths.ExitFile(engine.Directories.Exits, container.Id));
            engine.Containers.Delete(container);
            engine.Locks.Forget(container.Id);
            Publish(container, ContainerEventType.ContainerDeletedEvent);
            LogRemoved(container.Id, container.Name);
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

    private async Task SaveExitAsync(ContainerRecord container, ContainerExit exit)
    {
        var reason = exit.OomKilled ? "OOMKilled" : exit.ExitCode == 0 ? "Completed" : "Error";
        // The exit file's time has the file system's granularity: never before the recorded start.
        var finishedAt = container.StartedAt is { } startedAt && exit.ExitedAt < startedAt ? startedAt : exit.ExitedAt;
        var exited = container with { State = ContainerPhase.Exited, ExitCode = exit.ExitCode, FinishedAt = finishedAt, Reason = reason, Pid = 0 };
        await engine.Containers.SaveAsync(exited, CancellationToken.None).ConfigureAwait(false);
        Publish(exited, ContainerEventType.ContainerStoppedEvent);
        LogExited(container.Id, container.Name, exit.ExitCode, reason);
    }

    private async Task<bool> WaitForExitAsync(ContainerRecord container, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (engine.Exits.TryRead(container.Id) is not null)
                return true;
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> CreateInPodAsync(PodRecord pod, PodSandboxConfig podConfig, string name, ContainerConfig config)
    {
        await Task.Yield();
        if (pod.State != PodPhase.Ready || pod.InfraPid == 0)
            throw new RpcException(StatusCode.FailedPrecondition, $"pod {pod.Id} is not ready: cannot create container {config.Metadata.Name} in it");
        var snapshot = engine.Config.Current;
        var image = engine.Images.Find(config.Image.Image, snapshot.Registries)
            ?? throw new RpcException(StatusCode.NotFound, $"container {name}: image {config.Image.Image} is not present; pull it first");
        var cgroups = engine.CgroupManager(pod);
        var podCgroup = cgroups.PodCgroupFor(pod.Id, pod.CgroupParent);

        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        if (!engine.Containers.TryReserveName(name, id, out var holder))
            throw new RpcException(StatusCode.AlreadyExists, $"container name {name} is in use by container {holder}");
        var journal = CreationJournal.Begin(engine.Directories.Creations, id, engine.Undo);
        try
        {
            using var lease = engine.Images.Layers.Lease(image.Layers);
            await journal.RecordAsync(new UndoStep(UndoKinds.RemoveRootfs, id)).ConfigureAwait(false);
            var rootfs = await engine.Images.Filesystems.CreateAsync(id, image, snapshot.Config.Crio.StorageDriver, CancellationToken.None).ConfigureAwait(false);

            var bundle = engine.Directories.Bundle(id);
            await journal.RecordAsync(new UndoStep(UndoKinds.DeleteDirectory, bundle)).ConfigureAwait(false);
            Directory.CreateDirectory(bundle);
            var logPath = podConfig.LogDirectory.Length > 0 && config.LogPath.Length > 0
                ? Path.Combine(podConfig.LogDirectory, config.LogPath)
                : Path.Combine(pod.Directory, id + ".log");
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            var spec = await ContainerSpecBuilder.BuildAsync(new ContainerSpecInput
            {
                ContainerId = id,
                Config = config,
                SandboxId = pod.Id,
                SandboxConfig = podConfig,
                RootfsPath = rootfs,
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
                InfraPid = pod.InfraPid,
                NetworkNamespacePath = pod.NetnsPath,
                CgroupsPath = cgroups.ContainerCgroupsPath(podCgroup, id),
                Cgroups = engine.Host.CgroupSupport,
                Files = new SandboxFiles(pod.ShmPath, Path.Combine(pod.Directory, "resolv.conf"), Path.Combine(pod.Directory, "hostname")),
                LogPath = logPath,
                MinimumOomScoreAdj = engine.Host.MinimumOomScoreAdj,
                CapabilityBoundingSet = engine.Host.CapabilityBoundingSet,
                Features = await Oci.Runtime.HandlerFeaturesProbe.ProbeAsync(pod.Runtime.RuntimePath).ConfigureAwait(false),
                Security = ConfigSecurity.Of(snapshot.Config.Runtime),
                Logger = logger,
                Created = DateTimeOffset.UtcNow,
            }).ConfigureAwait(false);
            if (spec.OomScoreAdj is { Clamped: true } oom)
                LogOomClamped(id, oom.Requested, oom.Applied);
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
                DateTimeOffset.UtcNow, ContainerPhase.Created, monitored.ContainerPid, null, null, 0, "", "");
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

    private void Publish(ContainerRecord container, ContainerEventType type)
    {
        var message = new ContainerEventResponse
        {
            ContainerId = container.Id,
            ContainerEventType = type,
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
        };
        if (engine.Pods.Find(container.PodId) is { } pod)
            message.PodSandboxStatus = PodStatusMapper.Status(pod);
        engine.Events.Publish(message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} ({Name}) created in pod {Pod} from {Image}")]
    private partial void LogCreated(string container, string name, string pod, string image);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Name}: creation failed, undoing it: {Reason}")]
    private partial void LogCreateFailed(string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container}: oom_score_adj {Requested} raised to {Applied}: the daemon may not lower its own")]
    private partial void LogOomClamped(string container, int requested, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} ({Name}) started")]
    private partial void LogStarted(string container, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} ({Name}) exited with {ExitCode} ({Reason})")]
    private partial void LogExited(string container, string name, int exitCode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container} ({Name}) removed")]
    private partial void LogRemoved(string container, string name);
}
