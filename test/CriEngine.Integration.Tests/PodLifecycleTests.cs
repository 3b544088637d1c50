using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Monitors;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>Pods and containers on the real daemon with real runc, under each monitor: Debian's conmon and crimon.</summary>
[Category("Integration")]
[TestFixture("conmon")]
[TestFixture("crimon")]
public sealed class PodLifecycleTests(string monitor)
{
    private const string Runtime = PodTestBed.Runtime;

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp() => _bed = await PodTestBed.StartAsync(TestMonitors.PathOf(monitor));

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task Pod_and_container_are_watched_by_the_configured_monitor()
    {
        await _bed.PullBusyboxAsync();
        var config = _bed.PodConfig("watched");
        var pod = await _bed.RunPodAsync(config);
        await _bed.RunContainerAsync(pod, config, _bed.ContainerConfig("main", "sleep", "1000"));

        // Each bundle is reached twice: the attach socket directory links to it.
        var monitors = Directory.EnumerateFiles(_bed.Directory.Path, "conmon-pidfile", SearchOption.AllDirectories)
            .Select(file => File.ReadAllText(file).Trim())
            .Distinct()
            .Select(pid => File.ReadAllText($"/proc/{pid}/comm").Trim())
            .ToList();

        Assert.That(monitors, Has.Count.EqualTo(2).And.All.EqualTo(monitor), "the infra container's and the container's");
    }

    [Test]
    public async Task Pod_runs_from_the_pause_image_pulled_on_first_use_and_is_ready()
    {
        var config = _bed.PodConfig("web");

        var id = await _bed.RunPodAsync(config);
        var status = await _bed.PodStatusAsync(id);
        var list = await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser);
        var pause = await _bed.Client.UnaryAsync(PodTestBed.Images + "ImageStatus", new ImageStatusRequest { Image = new ImageSpec { Image = _bed.PauseImage } }, ImageStatusResponse.Parser);

        Assert.That(status.State, Is.EqualTo(PodSandboxState.SandboxReady));
        Assert.That(status.Metadata.Name, Is.EqualTo("web"));
        Assert.That(status.Labels["app"], Is.EqualTo("web"));
        Assert.That(list.Items.Select(p => p.Id), Is.EqualTo(new[] { id }));
        Assert.That(pause.Image, Is.Not.Null, "the pause image was pulled");
        Assert.That(pause.Image.Pinned, Is.True);
    }

    [Test]
    public async Task Container_runs_logs_in_the_cri_format_and_exits_with_its_code()
    {
        var podConfig = _bed.PodConfig("job");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();

        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("main", "sh", "-c", "echo hello from busybox; exit 3"));
        Assert.That(await Eventually.TrueAsync(() => _bed.ContainerStatusAsync(id).Result.State == ContainerState.ContainerExited, TimeSpan.FromSeconds(20)), Is.True);
        var status = await _bed.ContainerStatusAsync(id);
        var log = await File.ReadAllLinesAsync(status.LogPath);

        Assert.That(status.ExitCode, Is.EqualTo(3));
        Assert.That(status.Reason, Is.EqualTo("Error"));
        Assert.That(status.StartedAt, Is.GreaterThan(0));
        Assert.That(status.FinishedAt, Is.GreaterThanOrEqualTo(status.StartedAt));
        Assert.That(log, Has.Some.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d) stdout F hello from busybox$"));
    }

    [Test]
    public async Task Exec_sync_returns_output_and_exit_codes_and_a_timed_out_command_is_killed()
    {
        var podConfig = _bed.PodConfig("exec");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("sleeper", "sleep", "1000"));

        var hello = await ExecAsync(id, 10, "echo", "hello");
        var seven = await ExecAsync(id, 10, "sh", "-c", "echo out; echo err >&2; exit 7");
        var timedOut = await ExecAsync(id, 1, "sleep", "30");

        Assert.That(hello.Stdout.ToStringUtf8(), Is.EqualTo("hello\n"));
        Assert.That(hello.ExitCode, Is.Zero);
        Assert.That(seven.ExitCode, Is.EqualTo(7));
        Assert.That(seven.Stdout.ToStringUtf8(), Is.EqualTo("out\n"));
        Assert.That(seven.Stderr.ToStringUtf8(), Is.EqualTo("err\n"));
        Assert.That(timedOut.ExitCode, Is.EqualTo(-1));
        Assert.That(timedOut.Stderr.ToStringUtf8(), Is.EqualTo("command timed out"));
    }

    [Test]
    public async Task Stop_sends_the_stop_signal_then_kills_and_remove_cleans_up()
    {
        var podConfig = _bed.PodConfig("stopper");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        // A container that ignores SIGTERM: the kill follows the timeout.
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("stubborn", "sh", "-c", "trap '' TERM; sleep 1000"));

        await _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = id, Timeout = 1 }, StopContainerResponse.Parser, TimeSpan.FromMinutes(1));
        var stopped = await _bed.ContainerStatusAsync(id);
        await _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = id, Timeout = 1 }, StopContainerResponse.Parser);
        await _bed.Client.UnaryAsync(Runtime + "RemoveContainer", new RemoveContainerRequest { ContainerId = id }, RemoveContainerResponse.Parser);
        var gone = Assert.ThrowsAsync<RpcException>(() => _bed.ContainerStatusAsync(id));

        Assert.That(stopped.State, Is.EqualTo(ContainerState.ContainerExited));
        Assert.That(stopped.ExitCode, Is.EqualTo(137));
        Assert.That(gone!.Code, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    public async Task Stopping_and_removing_a_pod_leaves_nothing_behind_and_repeats_are_fine()
    {
        var podConfig = _bed.PodConfig("cleanup");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));
        var netns = Directory.GetFiles(Path.Combine(_bed.Layout.Namespaces, "netns"));

        for (var i = 0; i < 2; i++)
            await _bed.Client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        var stopped = await _bed.PodStatusAsync(pod);
        for (var i = 0; i < 2; i++)
            await _bed.Client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));

        Assert.That(netns, Has.Length.EqualTo(1), "the pod had a network namespace");
        Assert.That(stopped.State, Is.EqualTo(PodSandboxState.SandboxNotready));
        Assert.That(Directory.GetFiles(Path.Combine(_bed.Layout.Namespaces, "netns")), Is.Empty);
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(_bed.Directory.Path));
        Assert.That(Directory.GetDirectories("/sys/fs/cgroup/memory" + _bed.CgroupParent), Is.Empty);
        Assert.That((await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser)).Containers, Is.Empty);
    }

    [Test]
    public async Task Pod_and_container_run_on_crun_where_the_host_allows_it()
    {
        var podConfig = _bed.PodConfig("on-crun");
        string pod;
        try
        {
            pod = (await _bed.Client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = podConfig, RuntimeHandler = "crun" }, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(2))).PodSandboxId;
        }
        catch (RpcException e) when (e.Message.Contains("cgroups in hybrid mode not supported"))
        {
            Assert.Ignore($"crun cannot run on this host: {e.Message}");
            return;
        }
        await _bed.PullBusyboxAsync();
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("c", "sh", "-c", "exit 4"));

        Assert.That(await Eventually.TrueAsync(() => _bed.ContainerStatusAsync(id).Result.State == ContainerState.ContainerExited, TimeSpan.FromSeconds(20)), Is.True);
        Assert.That((await _bed.ContainerStatusAsync(id)).ExitCode, Is.EqualTo(4));
        Assert.That((await _bed.PodStatusAsync(pod)).RuntimeHandler, Is.EqualTo("crun"));
    }

    [Test]
    public async Task Unknown_runtime_handler_is_refused_by_name()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = _bed.PodConfig("x"), RuntimeHandler = "kata" }, RunPodSandboxResponse.Parser));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("kata"));
    }

    [Test]
    public async Task Running_containers_survive_a_daemon_crash_and_exits_while_it_was_down_are_seen()
    {
        var podConfig = _bed.PodConfig("survivor");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var keeps = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("keeps", "sleep", "1000"));
        var ends = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("ends", "sh", "-c", "sleep 2; exit 5"));

        await _bed.Daemon.SignalAsync("KILL");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _bed.RestartAfterCrashAsync();

        Assert.That((await _bed.ContainerStatusAsync(keeps)).State, Is.EqualTo(ContainerState.ContainerRunning));
        var ended = await _bed.ContainerStatusAsync(ends);
        Assert.That(ended.State, Is.EqualTo(ContainerState.ContainerExited));
        Assert.That(ended.ExitCode, Is.EqualTo(5));
        Assert.That((await _bed.PodStatusAsync(pod)).State, Is.EqualTo(PodSandboxState.SandboxReady));
    }

    [Test]
    public async Task After_a_reboot_old_containers_are_gone_and_pods_not_ready_and_removable()
    {
        var podConfig = _bed.PodConfig("rebooted");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var container = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));

        await _bed.SimulateRebootAsync();

        // As on a CRI-O node, whose containers a reboot wipes: the kubelet makes them again.
        var status = Assert.ThrowsAsync<RpcException>(() => _bed.ContainerStatusAsync(container));
        Assert.That(status!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That((await _bed.PodStatusAsync(pod)).State, Is.EqualTo(PodSandboxState.SandboxNotready));
        await _bed.Client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        Assert.That((await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser)).Containers, Is.Empty);
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(_bed.Directory.Path));
    }

    private async Task<ExecSyncResponse> ExecAsync(string id, long timeout, params string[] command)
    {
        var request = new ExecSyncRequest { ContainerId = id, Timeout = timeout };
        request.Cmd.AddRange(command);
        return await _bed.Client.UnaryAsync(Runtime + "ExecSync", request, ExecSyncResponse.Parser, TimeSpan.FromMinutes(1));
    }
}
