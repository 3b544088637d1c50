using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>Pods and containers behaving as CRI-O's do where kubelets, kubectl and OpenShift rely on it, seen from inside the containers.</summary>
[Category("Integration")]
public sealed class CrioBehaviourTests
{
    private const string Runtime = PodTestBed.Runtime;

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp() => _bed = await PodTestBed.StartAsync();

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task A_debug_container_with_a_target_shares_the_target_containers_pid_namespace()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("debugged");
        var target = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("app", "sleep", "1000"));
        var debug = _bed.ContainerConfig("debugger", "sleep", "1000");
        debug.Linux = new LinuxContainerConfig
        {
            SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Target, TargetId = target } },
        };

        var debugger = await _bed.RunContainerAsync(pod, podConfig, debug);
        var seen = (await _bed.ExecAsync(debugger, "sh", "-c", "readlink /proc/1/ns/pid")).Stdout.ToStringUtf8();
        var targets = (await _bed.ExecAsync(target, "sh", "-c", "readlink /proc/1/ns/pid")).Stdout.ToStringUtf8();
        var processes = (await _bed.ExecAsync(debugger, "sh", "-c", "ps -o args")).Stdout.ToStringUtf8();

        Assert.That(seen, Does.StartWith("pid:["));
        Assert.That(seen, Is.EqualTo(targets));
        Assert.That(processes, Does.Contain("sleep 1000"));
    }

    [Test]
    public async Task A_target_that_is_not_in_the_pod_is_refused_by_name()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("no-target");
        var debug = _bed.ContainerConfig("debugger", "sleep", "1000");
        debug.Linux = new LinuxContainerConfig
        {
            SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Target, TargetId = "missing" } },
        };

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.RunContainerAsync(pod, podConfig, debug));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain("\"missing\""));
    }

    [Test]
    public async Task Exec_sync_reaches_a_created_container_before_it_starts()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("created-exec");
        var id = (await _bed.Client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = pod, Config = _bed.ContainerConfig("c", "sleep", "1000"), SandboxConfig = podConfig }, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1))).ContainerId;

        var exec = await _bed.ExecAsync(id, "echo", "before start");

        Assert.That(exec.ExitCode, Is.Zero);
        Assert.That(exec.Stdout.ToStringUtf8(), Is.EqualTo("before start\n"));
        Assert.That((await _bed.ContainerStatusAsync(id)).State, Is.EqualTo(ContainerState.ContainerCreated));
    }

    [Test]
    public async Task A_pod_without_a_log_directory_logs_under_log_dir()
    {
        var podConfig = _bed.PodConfig("unlogged");
        podConfig.LogDirectory = "";
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var config = _bed.ContainerConfig("c", "sh", "-c", "echo to the log; sleep 1000");
        config.LogPath = "";

        var id = await _bed.RunContainerAsync(pod, podConfig, config);
        var status = await _bed.ContainerStatusAsync(id);
        var logged = await Eventually.TrueAsync(() => File.Exists(status.LogPath) && File.ReadAllText(status.LogPath).Contains("to the log"), TimeSpan.FromSeconds(10));

        Assert.That(status.LogPath, Is.EqualTo(Path.Combine(_bed.Layout.PodLogs, pod, id + ".log")));
        Assert.That(logged, Is.True);
        await _bed.Client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        Assert.That(Directory.Exists(Path.Combine(_bed.Layout.PodLogs, pod)), Is.False, "the engine's own log directory goes with the pod");
    }

    [Test]
    public async Task A_memory_limit_below_container_min_memory_is_refused()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("tiny");
        var config = _bed.ContainerConfig("c", "sleep", "1000");
        config.Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 4 * 1024 * 1024 } };

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.RunContainerAsync(pod, podConfig, config));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("too low; should be at least 12582912 bytes"));
    }

    [Test]
    public async Task A_memory_limit_below_what_the_container_holds_is_refused_in_plain_words()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("full");
        var config = _bed.ContainerConfig("c", "sh", "-c", "head -c 40000000 /dev/zero > /dev/shm/fill; touch /tmp/filled; sleep 1000");
        config.Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 96 * 1024 * 1024 } };
        var id = await _bed.RunContainerAsync(pod, podConfig, config);
        Assert.That(await Eventually.TrueAsync(async () => (await _bed.ExecAsync(id, "sh", "-c", "test -e /tmp/filled")).ExitCode == 0, TimeSpan.FromSeconds(30)), Is.True);

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(
            Runtime + "UpdateContainerResources",
            new UpdateContainerResourcesRequest { ContainerId = id, Linux = new LinuxContainerResources { MemoryLimitInBytes = 16 * 1024 * 1024 } },
            UpdateContainerResourcesResponse.Parser));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain($"container {id}: cannot decrease memory limit to {16 * 1024 * 1024} bytes, below its current usage of"));
    }

    [Test]
    public async Task A_host_network_pods_containers_see_the_nodes_hosts_file_unless_the_kubelet_mounts_one()
    {
        var podConfig = _bed.PodConfig("host-net");
        podConfig.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } };
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var kubeletHosts = _bed.Directory.Combine("etc-hosts");
        await File.WriteAllTextAsync(kubeletHosts, "# Kubernetes-managed hosts file.\n127.0.0.1 localhost\n");
        var mounted = _bed.ContainerConfig("mounted", "sleep", "1000");
        mounted.Mounts.Add(new Mount { ContainerPath = "/etc/hosts", HostPath = kubeletHosts });

        var plain = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("plain", "sleep", "1000"));
        var withMount = await _bed.RunContainerAsync(pod, podConfig, mounted);

        Assert.That((await _bed.ExecAsync(plain, "cat", "/etc/hosts")).Stdout.ToStringUtf8(), Is.EqualTo(await File.ReadAllTextAsync("/etc/hosts")));
        Assert.That((await _bed.ExecAsync(withMount, "cat", "/etc/hosts")).Stdout.ToStringUtf8(), Is.EqualTo("# Kubernetes-managed hosts file.\n127.0.0.1 localhost\n"));
    }

    [Test]
    public async Task A_pod_with_its_own_network_gets_no_hosts_file_from_the_node()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("own-net");
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));

        var mounts = (await _bed.ExecAsync(id, "cat", "/proc/self/mountinfo")).Stdout.ToStringUtf8();

        Assert.That(mounts, Does.Not.Contain(" /etc/hosts "), "the kubelet mounts its own hosts file for such pods");
    }

    [Test]
    public async Task A_missing_host_path_is_made_as_a_directory_unless_absent_mount_sources_to_reject_lists_it()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("host-paths");
        var made = _bed.Directory.Combine("volumes", "made");
        var rejected = _bed.Directory.Combine("volumes", "rejected");
        await File.WriteAllTextAsync(_bed.Layout.DropIn("20-absent.conf"), $"""
            [crio.runtime]
            absent_mount_sources_to_reject = ["{rejected}"]
            """);
        await _bed.Daemon.ReloadAsync();
        var writer = _bed.ContainerConfig("writer", "sh", "-c", "echo from the container > /data/file; sleep 1000");
        writer.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = made });
        var refused = _bed.ContainerConfig("refused", "sleep", "1000");
        refused.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = rejected });

        await _bed.RunContainerAsync(pod, podConfig, writer);
        var error = Assert.ThrowsAsync<RpcException>(() => _bed.RunContainerAsync(pod, podConfig, refused));

        Assert.That(await Eventually.TrueAsync(() => File.Exists(Path.Combine(made, "file")), TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(made, "file")), Is.EqualTo("from the container\n"));
        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain(rejected).And.Contain("absent_mount_sources_to_reject"));
        Assert.That(Directory.Exists(rejected), Is.False);
    }

    [Test]
    public async Task A_stop_sends_sigkill_again_until_the_runtime_has_killed_the_container()
    {
        var kills = _bed.Directory.Combine("kills");
        var stubborn = _bed.Directory.Combine("stubborn-runc");
        // A runtime whose first three SIGKILLs do nothing, as with a process the kernel holds on to.
        await File.WriteAllTextAsync(stubborn, $"""
            #!/bin/sh
            for last; do :; done
            case " $* " in
            *" kill "*)
              if [ "$last" = 9 ]; then
                echo kill >> {kills}
                [ "$(wc -l < {kills})" -gt 3 ] || exit 0
              fi ;;
            esac
            exec /usr/sbin/runc "$@"
            """);
        File.SetUnixFileMode(stubborn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var root = _bed.RuncRoot + "-stubborn";
        await File.WriteAllTextAsync(_bed.Layout.DropIn("20-stubborn.conf"), $"""
            [crio.runtime.runtimes.stubborn]
            runtime_path = "{stubborn}"
            runtime_root = "{root}"
            """);
        await _bed.Daemon.ReloadAsync();
        var podConfig = _bed.PodConfig("stubborn");
        var pod = (await _bed.Client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = podConfig, RuntimeHandler = "stubborn" }, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(2))).PodSandboxId;
        await _bed.PullBusyboxAsync();
        // Deaf to SIGTERM: only SIGKILL ends it. Its own PID namespace: no leftovers to kill after its exit.
        var config = _bed.ContainerConfig("c", "sh", "-c", "trap '' TERM; while true; do sleep 1; done");
        config.Linux = new LinuxContainerConfig
        {
            SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Container } },
        };
        var id = await _bed.RunContainerAsync(pod, podConfig, config);

        await _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = id, Timeout = 0 }, StopContainerResponse.Parser, TimeSpan.FromMinutes(1));
        var state = await ExternalCommand.RunCheckedAsync("/usr/sbin/runc", ["--root", root, "state", id]);
        var status = await _bed.ContainerStatusAsync(id);

        Assert.That(state.StandardOutputText, Does.Contain("\"status\": \"stopped\""), "stopped in the runtime when the stop is reported");
        Assert.That(await File.ReadAllLinesAsync(kills), Has.Length.EqualTo(4));
        Assert.That((status.State, status.ExitCode), Is.EqualTo((ContainerState.ContainerExited, 137)));
        Assert.That(_bed.Daemon.Output, Has.Some.Contains($"container {id}: still running 4 s after SIGKILL number 3, sending it again"));
    }

    [Test]
    public async Task A_host_pid_containers_other_processes_end_when_its_first_one_does()
    {
        var podConfig = _bed.PodConfig("host-pid");
        podConfig.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Node } };
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var shared = _bed.Directory.Combine("host-pid-out");
        var config = _bed.ContainerConfig("c", "sh", "-c", "sleep 1000 & echo $! > /out/child; exec sleep 2000");
        config.Mounts.Add(new Mount { ContainerPath = "/out", HostPath = shared });
        config.Linux = new LinuxContainerConfig
        {
            SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Node } },
        };
        var id = await _bed.RunContainerAsync(pod, podConfig, config);
        var childFile = Path.Combine(shared, "child");
        Assert.That(await Eventually.TrueAsync(() => File.Exists(childFile) && File.ReadAllText(childFile).Trim().Length > 0, TimeSpan.FromSeconds(10)), Is.True);
        var child = int.Parse((await File.ReadAllTextAsync(childFile)).Trim());
        var first = int.Parse(System.Text.Json.Nodes.JsonNode.Parse((await _bed.RuncAsync("state", id)))!["pid"]!.ToString());
        Assert.That(Alive(child), Is.True, "the background sleep runs beside the container's first process");

        System.Diagnostics.Process.GetProcessById(first).Kill();

        Assert.That(await Eventually.TrueAsync(async () => (await _bed.ContainerStatusAsync(id)).State == ContainerState.ContainerExited, TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(await Eventually.TrueAsync(() => !Alive(child), TimeSpan.FromSeconds(10)), Is.True, "no process of the container outlives it");
    }

    /// <summary>Running, sleeping or stopped: a zombie only waits for its parent's wait.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
