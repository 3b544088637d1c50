using System.Diagnostics;
using System.Globalization;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Network.Namespaces;
using CriEngine.Platform.Processes;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Network;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Bench;

/// <summary>
/// Debian's containerd (its CRI plugin) as a peer runtime: its own config, root, state and socket
/// in a directory of the run's own, runc with its state there too, cgroupfs under a cgroup parent
/// of its own, the CNI plugins of /usr/lib/cni on a bridge network of its own (in a node namespace
/// of its own, as the engine's), the engine's pause image and busybox from the same local
/// registry. containerd and its shims run in a pids cgroup under that parent, so that dispose can
/// kill by PID whatever is left; it also unmounts what is left under the directory and removes the
/// network namespaces containerd 1.6 pins under /var/run/netns during the run.
/// </summary>
internal sealed class ContainerdPeer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/containerd";
    private const string NamespacesDirectory = "/var/run/netns";
    private const string ShimSockets = "/run/containerd";

    private readonly TempDirectory _directory;
    private readonly TestCniNetwork _network;
    private readonly HashSet<string> _namespacesBefore;
    private readonly bool _shimSocketsExisted;
    private Process? _process;

    private ContainerdPeer(TempDirectory directory, TestCniNetwork network, HashSet<string> namespacesBefore, bool shimSocketsExisted)
    {
        _directory = directory;
        _network = network;
        _namespacesBefore = namespacesBefore;
        _shimSocketsExisted = shimSocketsExisted;
        CgroupParent = $"/criengine-bench-containerd-{Guid.NewGuid():N}";
        Client = new GrpcClient(Socket);
    }

    public string Socket => _directory.Combine("containerd.sock");

    public string CgroupParent { get; }

    public GrpcClient Client { get; }

    public int Pid => _process?.Id ?? 0;

    public static async Task<ContainerdPeer> StartAsync(PodTestBed bed)
    {
        await InstallAsync();
        var directory = new TempDirectory("criengine-containerd");
        TestCniNetwork? network = null;
        ContainerdPeer? peer = null;
        try
        {
            network = await TestCniNetwork.CreateAsync();
            peer = new ContainerdPeer(directory, network, Namespaces(), Directory.Exists(ShimSockets));
            await peer.LaunchAsync(bed.Registry.Host, bed.PauseImage);
            return peer;
        }
        catch
        {
            if (peer is not null)
                await peer.DisposeAsync();
            else
            {
                network?.Dispose();
                directory.Dispose();
            }
            throw;
        }
    }

    /// <summary>A pod config as the test bed makes them, with this peer's cgroup parent and log directory.</summary>
    public PodSandboxConfig PodConfig(string name) => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "bench", Uid = Guid.NewGuid().ToString("N"), Attempt = 0 },
        Hostname = name,
        LogDirectory = _directory.Combine("logs", name),
        Linux = new LinuxPodSandboxConfig { CgroupParent = CgroupParent },
        Labels = { ["app"] = name },
    };

    private static async Task InstallAsync()
    {
        if (File.Exists(Executable))
            return;
        Console.WriteLine("footprint: installing Debian's containerd (the peer runtime)");
        var install = new ProcessSpec("/usr/bin/env", ["DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "--no-install-recommends", "containerd"])
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
        var result = await ProcessRunner.RunAsync(install, CancellationToken.None);
        if (!result.Succeeded || !File.Exists(Executable))
            throw new InvalidOperationException($"apt-get install containerd: exit {result.ExitCode}: {result.StderrTail}");
    }

    private async Task LaunchAsync(string registryHost, string pauseImage)
    {
        var config = _directory.Write("config.toml", $$"""
            version = 2
            root = "{{_directory.Combine("root")}}"
            state = "{{_directory.Combine("state")}}"
            disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

            [grpc]
              address = "{{Socket}}"

            [ttrpc]
              address = "{{_directory.Combine("containerd.sock.ttrpc")}}"

            [plugins."io.containerd.internal.v1.opt"]
              path = "{{_directory.Combine("opt")}}"

            [plugins."io.containerd.grpc.v1.cri"]
              sandbox_image = "{{pauseImage}}"
              stream_server_address = "127.0.0.1"
              stream_server_port = "0"
              disable_apparmor = true
              restrict_oom_score_adj = true

              [plugins."io.containerd.grpc.v1.cri".containerd]
                snapshotter = "overlayfs"
                default_runtime_name = "runc"

                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"

                  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                    BinaryName = "/usr/sbin/runc"
                    Root = "{{_directory.Combine("runc")}}"
                    SystemdCgroup = false

              [plugins."io.containerd.grpc.v1.cri".cni]
                bin_dir = "{{_network.PluginDirectory}}"
                conf_dir = "{{_directory.Combine("net.d")}}"
                max_conf_num = 1

              [plugins."io.containerd.grpc.v1.cri".registry.mirrors."{{registryHost}}"]
                endpoint = ["http://{{registryHost}}"]
            """);
        TestCniNetwork.Install(_directory.Combine("net.d"), _network.ConfigList());
        var daemonCgroup = Path.Combine("/sys/fs/cgroup/pids", CgroupParent.TrimStart('/'), "daemon");
        Directory.CreateDirectory(daemonCgroup);
        // Into the cgroup first, then exec: the shims containerd starts stay there, to be found by PID.
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"echo $$ > '{daemonCgroup}/cgroup.procs' && exec {Executable} --config '{config}' >'{_directory.Combine("containerd.log")}' 2>&1"]);
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start containerd");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"containerd exited with {_process.ExitCode}: {Tail(_directory.Combine("containerd.log"))}");
            if (File.Exists(Socket))
            {
                try
                {
                    await Client.UnaryAsync(PodTestBed.Runtime + "Version", new VersionRequest(), VersionResponse.Parser, TimeSpan.FromSeconds(5));
                    return;
                }
                catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(30))
                {
                    // The CRI plugin registers its service a moment after the socket appears.
                }
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"containerd did not answer within 30 s: {Tail(_directory.Combine("containerd.log"))}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RemoveAllPodsAsync();
        }
        finally
        {
            Client.Dispose();
            if (_process is { HasExited: false })
            {
                await SignalAsync(_process.Id, "TERM");
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    await SignalAsync(_process.Id, "KILL");
                    await _process.WaitForExitAsync();
                }
            }
            _process?.Dispose();
            await KillEverythingInTheCgroupParentAsync();
            foreach (var netns in Namespaces().Except(_namespacesBefore))
                NetworkNamespace.Remove(Path.Combine(NamespacesDirectory, netns));
            UnmountUnder(_directory.Path);
            foreach (var hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
            {
                var parent = Path.Combine(hierarchy, CgroupParent.TrimStart('/'));
                if (Directory.Exists(parent))
                    RemoveCgroupTree(parent);
            }
            if (!_shimSocketsExisted && Directory.Exists(ShimSockets))
                Directory.Delete(ShimSockets, recursive: true);
            _network.Dispose();
            _directory.Dispose();
        }
    }

    /// <summary>Whatever the run left: pods are removed through the CRI, so that containerd takes down what it made.</summary>
    private async Task RemoveAllPodsAsync()
    {
        if (_process is not { HasExited: false })
            return;
        try
        {
            var pods = await Client.UnaryAsync(PodTestBed.Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser, TimeSpan.FromSeconds(30));
            foreach (var pod in pods.Items)
            {
                await Client.UnaryAsync(PodTestBed.Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod.Id }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
                await Client.UnaryAsync(PodTestBed.Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod.Id }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
            }
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"footprint: containerd could not remove its pods ({exception.Message}); killing what is left");
        }
    }

    private static HashSet<string> Namespaces() =>
        Directory.Exists(NamespacesDirectory) ? Directory.GetFiles(NamespacesDirectory).Select(Path.GetFileName).Select(name => name!).ToHashSet() : [];

    private async Task KillEverythingInTheCgroupParentAsync()
    {
        var parent = "/sys/fs/cgroup/pids" + CgroupParent;
        if (!Directory.Exists(parent))
            return;
        var pids = Directory.GetFiles(parent, "cgroup.procs", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines).Where(line => line.Length > 0).Select(int.Parse).ToList();
        foreach (var pid in pids)
            await SignalAsync(pid, "KILL");
        await Eventually.TrueAsync(() => pids.All(pid => !Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(10));
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, pid.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    private static void RemoveCgroupTree(string path)
    {
        foreach (var child in Directory.GetDirectories(path))
            RemoveCgroupTree(child);
        Directory.Delete(path);
    }

    private static void UnmountUnder(string directory)
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p.StartsWith(directory, StringComparison.Ordinal)).OrderByDescending(p => p.Length);
        foreach (var mount in mounts)
            Platform.Mounts.Unmount(mount);
    }

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join(" | ", File.ReadLines(path).TakeLast(5)) : "(no log)";
}
