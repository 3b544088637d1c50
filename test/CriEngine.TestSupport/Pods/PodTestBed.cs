using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Network;
using CriEngine.TestSupport.Registry;

namespace CriEngine.TestSupport.Pods;

/// <summary>
/// A daemon ready to run pods for real: runc through a given monitor (Debian's conmon by
/// default), cgroupfs under a cgroup parent of the test's own, a registry on 127.0.0.1 with a
/// busybox image and a pause image built from Debian's busybox-static, and a CNI bridge network
/// inside a node namespace of the test's own (<see cref="TestCniNetwork"/>). Dispose removes
/// every pod the daemon still has, stops it, and removes the test's cgroups, network and directories.
/// </summary>
public sealed class PodTestBed : IAsyncDisposable
{
    public const string Runtime = "/runtime.v1.RuntimeService/";
    public const string Images = "/runtime.v1.ImageService/";

    private readonly string[] _daemonArguments;

    private PodTestBed(TempDirectory directory, TestRegistry registry, TestCniNetwork network, string[] daemonArguments, DaemonProcess daemon, string busybox, string pause, string cgroupParent)
    {
        Directory = directory;
        Network = network;
        _daemonArguments = daemonArguments;
        Registry = registry;
        Daemon = daemon;
        BusyboxImage = busybox;
        PauseImage = pause;
        CgroupParent = cgroupParent;
        Client = daemon.Client();
    }

    public TempDirectory Directory { get; }

    public TestRegistry Registry { get; }

    public TestCniNetwork Network { get; }

    public DaemonProcess Daemon { get; private set; }

    public int DaemonPid => Daemon.Pid;

    public GrpcClient Client { get; private set; }

    public string BusyboxImage { get; }

    public string PauseImage { get; }

    /// <summary>The cgroup parent pods of this test bed use: one of the test's own, removed on dispose.</summary>
    public string CgroupParent { get; }

    public DaemonLayout Layout => DaemonProcess.Layout(Directory);

    /// <summary>The state root of the daemon's runc handler, for tests that look at (or act behind) the daemon's back.</summary>
    public string RuncRoot => RuntimeRoot(Directory) + "/runc";

    /// <summary>Where the daemon keeps a container's or infra container's bundle.</summary>
    public string Bundle(string id) => Path.Combine(Layout.RunRoot, "bundles", id);

    /// <summary>The daemon's record of a container.</summary>
    public string ContainerRecord(string id) => Path.Combine(Layout.Root, "state", "containers", id + ".json");

    /// <summary>Runs runc on the daemon's runc state root, as a person on the node would.</summary>
    public async Task<string> RuncAsync(params string[] arguments) =>
        (await ExternalCommand.RunCheckedAsync("/usr/sbin/runc", ["--root", RuncRoot, .. arguments])).StandardOutputText;

    /// <param name="cniPluginTimeout">The daemon's bound on a pod's CNI ADD or DEL (<c>--cni-plugin-timeout</c>).</param>
    /// <param name="extraConfig">A drop-in the daemon reads after the test bed's own, e.g. a <c>[crio.metrics]</c> table.</param>
    /// <param name="extraArguments">More daemon flags, kept for restarts.</param>
    public static async Task<PodTestBed> StartAsync(string monitor = "/usr/bin/conmon", string cniPluginTimeout = "60s", string extraConfig = "", params string[] extraArguments)
    {
        var directory = new TempDirectory("criengine-pods");
        var registry = await TestRegistry.StartAsync();
        var network = await TestCniNetwork.CreateAsync();
        var busybox = await registry.PushAsync("test/busybox", "1", await new TestImageBuilder().WithBusybox().WithConfig(c => c with { Cmd = ["sh"] }).BuildAsync());
        var pause = await registry.PushAsync("test/pause", "1", await new TestImageBuilder().WithBusybox().WithConfig(c => c with { Entrypoint = ["/bin/sleep", "2147483647"] }).BuildAsync());
        var cgroupParent = $"/criengine-test-{Guid.NewGuid():N}";
        var layout = DaemonProcess.Layout(directory);
        await File.WriteAllTextAsync(layout.DropIn("10-pods.conf"), $"""
            [crio.runtime]
            cgroup_manager = "cgroupfs"
            conmon_cgroup = "pod"
            conmon = "{monitor}"
            default_runtime = "runc"

            [crio.runtime.runtimes.runc]
            runtime_path = "/usr/sbin/runc"
            runtime_root = "{RuntimeRoot(directory)}/runc"

            [crio.runtime.runtimes.crun]
            runtime_path = "/usr/bin/crun"
            runtime_root = "{RuntimeRoot(directory)}/crun"

            [crio.image]
            pause_image = "{pause.Reference}"
            pause_command = ""

            [crio.network]
            plugin_dirs = ["{network.PluginDirectory}"]
            """);
        if (extraConfig.Length > 0)
            await File.WriteAllTextAsync(layout.DropIn("20-test.conf"), extraConfig);
        TestCniNetwork.Install(layout.NetworkDirectory, network.ConfigList());
        string[] daemonArguments = ["--cni-plugin-timeout", cniPluginTimeout, .. extraArguments];
        var daemon = await DaemonProcess.StartAsync(directory, daemonArguments);
        return new PodTestBed(directory, registry, network, daemonArguments, daemon, busybox.Reference, pause.Reference, cgroupParent);
    }

    public PodSandboxConfig PodConfig(string name, string? uid = null) => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "test", Uid = uid ?? Guid.NewGuid().ToString("N"), Attempt = 0 },
        Hostname = name,
        LogDirectory = Directory.Combine("logs", name),
        Linux = new LinuxPodSandboxConfig { CgroupParent = CgroupParent },
        Labels = { ["app"] = name },
    };

    public ContainerConfig ContainerConfig(string name, params string[] command) => new()
    {
        Metadata = new ContainerMetadata { Name = name },
        Image = new ImageSpec { Image = BusyboxImage },
        Command = { command },
        LogPath = $"{name}.log",
    };

    public async Task<string> RunPodAsync(PodSandboxConfig config) =>
        (await Client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = config }, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(2))).PodSandboxId;

    /// <summary>A ready pod named <paramref name="name"/>, with the busybox image pulled for its containers.</summary>
    public async Task<(string Pod, PodSandboxConfig Config)> RunPodWithBusyboxAsync(string name)
    {
        var config = PodConfig(name);
        var pod = await RunPodAsync(config);
        await PullBusyboxAsync();
        return (pod, config);
    }

    public async Task PullBusyboxAsync() =>
        await Client.UnaryAsync(Images + "PullImage", new PullImageRequest { Image = new ImageSpec { Image = BusyboxImage } }, PullImageResponse.Parser, TimeSpan.FromMinutes(2));

    /// <summary>Creates and starts a container running <paramref name="command"/> in the pod.</summary>
    public async Task<string> RunContainerAsync(string podId, PodSandboxConfig podConfig, ContainerConfig config)
    {
        var id = (await Client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = podConfig }, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1))).ContainerId;
        await Client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = id }, StartContainerResponse.Parser, TimeSpan.FromMinutes(1));
        return id;
    }

    public async Task<ExecSyncResponse> ExecAsync(string containerId, params string[] command)
    {
        var request = new ExecSyncRequest { ContainerId = containerId, Timeout = 30 };
        request.Cmd.AddRange(command);
        return await Client.UnaryAsync(Runtime + "ExecSync", request, ExecSyncResponse.Parser, TimeSpan.FromMinutes(1));
    }

    public async Task<ContainerStatus> ContainerStatusAsync(string id) =>
        (await Client.UnaryAsync(Runtime + "ContainerStatus", new ContainerStatusRequest { ContainerId = id }, ContainerStatusResponse.Parser)).Status;

    public async Task<PodSandboxStatus> PodStatusAsync(string id) =>
        (await Client.UnaryAsync(Runtime + "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = id }, PodSandboxStatusResponse.Parser)).Status;

    /// <summary>Kills the daemon with SIGKILL and starts a new one on the same state, as after a crash.</summary>
    public async Task RestartAfterCrashAsync()
    {
        await Daemon.SignalAsync("KILL");
        await Daemon.DisposeAsync();
        Client.Dispose();
        Daemon = await DaemonProcess.StartAsync(Directory, _daemonArguments);
        Client = Daemon.Client();
    }

    /// <summary>
    /// What a reboot does to the node: the daemon, the monitors and the containers die, mounts
    /// and runroot (a tmpfs) are gone. Then a new daemon starts on the same root.
    /// </summary>
    public async Task SimulateRebootAsync()
    {
        await Daemon.SignalAsync("KILL");
        await Daemon.DisposeAsync();
        Client.Dispose();
        await KillEverythingInTheCgroupParentAsync();
        UnmountUnder(Directory.Path);
        foreach (var volatileDirectory in new[] { Layout.RunRoot, Layout.Exits, Layout.AttachSockets, $"/tmp/rr-{Path.GetFileName(Directory.Path)[^6..]}" })
        {
            if (System.IO.Directory.Exists(volatileDirectory))
                System.IO.Directory.Delete(volatileDirectory, recursive: true);
        }
        Daemon = await DaemonProcess.StartAsync(Directory, _daemonArguments);
        Client = Daemon.Client();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var pods = await Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser);
            foreach (var pod in pods.Items)
                await Client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod.Id }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        }
        finally
        {
            Client.Dispose();
            await Daemon.DisposeAsync();
            // What a daemon that failed the test could not remove: monitors and containers live in the test's cgroups.
            await KillEverythingInTheCgroupParentAsync();
            await Registry.DisposeAsync();
            Network.Dispose();
            foreach (var hierarchy in System.IO.Directory.GetDirectories("/sys/fs/cgroup"))
            {
                var parent = Path.Combine(hierarchy, CgroupParent.TrimStart('/'));
                if (System.IO.Directory.Exists(parent))
                    RemoveCgroupTree(parent);
            }
            UnmountUnder(Directory.Path);
            var runtimeRoot = $"/tmp/rr-{Path.GetFileName(Directory.Path)[^6..]}";
            if (System.IO.Directory.Exists(runtimeRoot))
                System.IO.Directory.Delete(runtimeRoot, recursive: true);
            Directory.Dispose();
        }
    }

    /// <summary>Kills every process in the test's cgroups (monitors and containers alike, by PID) and waits until they are gone.</summary>
    private async Task KillEverythingInTheCgroupParentAsync()
    {
        var parent = "/sys/fs/cgroup/pids" + CgroupParent;
        if (!System.IO.Directory.Exists(parent))
            return;
        var pids = System.IO.Directory.GetFiles(parent, "cgroup.procs", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines).Where(line => line.Length > 0).Select(int.Parse).ToList();
        foreach (var pid in pids)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
        }
        await Eventually.TrueAsync(() => pids.All(pid => !System.IO.Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// runc's state root, on a short path of the test's own: runc binds unix sockets under it,
    /// and a socket path may not pass 108 bytes.
    /// </summary>
    private static string RuntimeRoot(TempDirectory directory)
    {
        var root = $"/tmp/rr-{Path.GetFileName(directory.Path)[^6..]}";
        System.IO.Directory.CreateDirectory(root);
        return root;
    }

    private static void RemoveCgroupTree(string path)
    {
        foreach (var child in System.IO.Directory.GetDirectories(path))
            RemoveCgroupTree(child);
        System.IO.Directory.Delete(path);
    }

    /// <summary>Whatever a failed test left mounted under its directory (shm, overlays, netns pins).</summary>
    private static void UnmountUnder(string directory)
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p.StartsWith(directory, StringComparison.Ordinal)).OrderByDescending(p => p.Length);
        foreach (var mount in mounts)
            Platform.Mounts.Unmount(mount);
    }
}
