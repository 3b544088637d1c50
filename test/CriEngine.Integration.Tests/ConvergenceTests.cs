using System.Text.Json;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>
/// The records tell the truth after a crash at any point, and the kubelet's retries converge:
/// state the runtime changed behind a dead daemon is taken over at start, leftovers without a
/// record go, every lifecycle call can be repeated, and a creation that outlives its caller's
/// deadline is handed to the caller's retry.
/// </summary>
[Category("Integration")]
public sealed class ConvergenceTests
{
    private const string Runtime = PodTestBed.Runtime;

    private TempDirectory _monitorDirectory = null!;
    private PodTestBed _bed = null!;

    /// <summary>While this file exists, the monitor takes 3 s before starting: a creation slower than a short deadline.</summary>
    private string SlowMarker => _monitorDirectory.Combine("slow");

    [SetUp]
    public async Task SetUp()
    {
        _monitorDirectory = new TempDirectory("criengine-slow-monitor");
        var monitor = _monitorDirectory.Combine("conmon");
        await File.WriteAllTextAsync(monitor, $"#!/bin/sh\n[ -e {SlowMarker} ] && sleep 3\nexec /usr/bin/conmon \"$@\"\n");
        File.SetUnixFileMode(monitor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _bed = await PodTestBed.StartAsync(monitor);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bed.DisposeAsync();
        _monitorDirectory.Dispose();
    }

    [Test]
    public async Task A_container_the_runtime_started_before_the_daemon_died_is_running_after_restart_and_start_again_is_fine()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("started-behind");
        var id = await CreateAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));

        // What a crash between the runtime's start and the record's update leaves: the process runs, the record says created.
        await _bed.Daemon.KillAsync();
        await _bed.RuncAsync("start", id);
        await _bed.RestartAfterCrashAsync();
        var status = await _bed.ContainerStatusAsync(id);
        await _bed.Client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = id }, StartContainerResponse.Parser);
        var exec = await _bed.ExecAsync(id, "echo", "alive");

        Assert.That(status.State, Is.EqualTo(ContainerState.ContainerRunning));
        Assert.That(status.StartedAt, Is.GreaterThan(0));
        Assert.That(exec.Stdout.ToStringUtf8(), Is.EqualTo("alive\n"));
    }

    [Test]
    public async Task A_container_left_paused_by_a_checkpoint_the_daemon_did_not_finish_runs_again_after_restart()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("paused-behind");
        var id = await CreateAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));
        await _bed.Client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = id }, StartContainerResponse.Parser);

        // What a crash between CheckpointContainer's pause and its resume leaves: a frozen container.
        await _bed.Daemon.KillAsync();
        await _bed.RuncAsync("pause", id);
        await _bed.RestartAfterCrashAsync();
        var runtimeState = JsonDocument.Parse(await _bed.RuncAsync("state", id)).RootElement.GetProperty("status").GetString();
        var exec = await _bed.ExecAsync(id, "echo", "alive");

        Assert.That(runtimeState, Is.EqualTo("running"));
        Assert.That((await _bed.ContainerStatusAsync(id)).State, Is.EqualTo(ContainerState.ContainerRunning));
        Assert.That(exec.Stdout.ToStringUtf8(), Is.EqualTo("alive\n"));
    }

    [Test]
    public async Task Start_of_a_container_the_runtime_started_behind_a_live_daemon_takes_it_over()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("started-live");
        var id = await CreateAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));

        await _bed.RuncAsync("start", id);
        await _bed.Client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = id }, StartContainerResponse.Parser);

        Assert.That((await _bed.ContainerStatusAsync(id)).State, Is.EqualTo(ContainerState.ContainerRunning));
    }

    [Test]
    public async Task A_container_the_runtime_lost_with_its_monitor_is_exited_with_unknown_reason_and_a_message_saying_so()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("lost");
        var id = await CreateAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));
        var monitorPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(_bed.Bundle(id), "conmon-pidfile")));

        // Monitor killed outright (no exit file) and the runtime's state gone, behind a dead daemon.
        await _bed.Daemon.KillAsync();
        System.Diagnostics.Process.GetProcessById(monitorPid).Kill();
        await _bed.RuncAsync("delete", "--force", id);
        await _bed.RestartAfterCrashAsync();
        var status = await _bed.ContainerStatusAsync(id);

        Assert.That((status.State, status.ExitCode, status.Reason), Is.EqualTo((ContainerState.ContainerExited, 255, "Unknown")));
        Assert.That(status.Message, Is.EqualTo("the runtime no longer knows the container and its monitor recorded no exit"));
    }

    [Test]
    public async Task A_record_whose_bundle_vanished_is_dropped_at_start()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("vanished");
        var id = await CreateAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));

        await _bed.Daemon.KillAsync();
        await _bed.RuncAsync("delete", "--force", id);
        Directory.Delete(_bed.Bundle(id), recursive: true);
        await _bed.RestartAfterCrashAsync();
        var listed = (await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser)).Containers;
        var status = Assert.ThrowsAsync<RpcException>(() => _bed.ContainerStatusAsync(id));

        Assert.That(listed, Is.Empty);
        Assert.That(status!.Code, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    public async Task A_container_without_a_record_is_removed_at_start_with_its_monitor_and_bundle()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("unrecorded");
        var id = await CreateAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));
        await _bed.Client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = id }, StartContainerResponse.Parser);
        var monitorPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(_bed.Bundle(id), "conmon-pidfile")));

        // What a crash between making a container and recording it leaves once its journal is gone too.
        await _bed.Daemon.KillAsync();
        File.Delete(_bed.ContainerRecord(id));
        await _bed.RestartAfterCrashAsync();
        var runtimeIds = JsonDocument.Parse(await _bed.RuncAsync("list", "--format", "json")).RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();

        Assert.That(runtimeIds, Does.Not.Contain(id));
        Assert.That(runtimeIds, Does.Contain(pod), "the pod's own infra container stays");
        Assert.That(await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{monitorPid}"), TimeSpan.FromSeconds(10)), Is.True, "its monitor is gone");
        Assert.That(Directory.Exists(_bed.Bundle(id)), Is.False);
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(id));
    }

    [Test]
    public async Task Stop_and_remove_of_unknown_containers_and_pods_are_fine()
    {
        const string unknown = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        await _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = unknown, Timeout = 1 }, StopContainerResponse.Parser);
        await _bed.Client.UnaryAsync(Runtime + "RemoveContainer", new RemoveContainerRequest { ContainerId = unknown }, RemoveContainerResponse.Parser);
        await _bed.Client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = unknown }, StopPodSandboxResponse.Parser);
        await _bed.Client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = unknown }, RemovePodSandboxResponse.Parser);
    }

    [Test]
    public async Task A_second_stop_with_a_shorter_timeout_cuts_the_first_one_short()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("two-stops");
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("stubborn", "sh", "-c", "trap '' TERM; sleep 1000"));

        var started = DateTime.UtcNow;
        var patient = _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = id, Timeout = 120 }, StopContainerResponse.Parser, TimeSpan.FromMinutes(5));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = id, Timeout = 1 }, StopContainerResponse.Parser, TimeSpan.FromMinutes(1));
        await patient;
        var status = await _bed.ContainerStatusAsync(id);

        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(60)), "the 120 s stop ended with the 1 s one");
        Assert.That(status.State, Is.EqualTo(ContainerState.ContainerExited));
        Assert.That(status.ExitCode, Is.EqualTo(137));
    }

    [Test]
    public async Task A_pod_stop_cut_by_its_deadline_still_takes_the_network_down()
    {
        var (pod, _) = await _bed.RunPodWithBusyboxAsync("deadline-stop");
        var netns = Directory.GetFiles(Path.Combine(_bed.Layout.Namespaces, "netns"));

        Assert.CatchAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMilliseconds(1)));
        var stopped = await Eventually.TrueAsync(async () => (await _bed.PodStatusAsync(pod)).State == PodSandboxState.SandboxNotready, TimeSpan.FromSeconds(30));

        Assert.That(netns, Has.Length.EqualTo(1), "the pod had a network namespace");
        Assert.That(stopped, Is.True);
        Assert.That(Directory.GetFiles(Path.Combine(_bed.Layout.Namespaces, "netns")), Is.Empty);
    }

    [Test]
    public async Task The_same_pod_request_again_gets_the_pod_whatever_else_changed()
    {
        var config = _bed.PodConfig("twice", uid: "fixed-uid");

        var first = await _bed.RunPodAsync(config);
        var changed = config.Clone();
        changed.Labels["other"] = "yes";
        var again = await _bed.RunPodAsync(changed);

        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public async Task A_pod_created_after_its_deadline_is_hidden_until_the_same_request_comes_again()
    {
        await File.WriteAllTextAsync(SlowMarker, "");
        var config = _bed.PodConfig("late-pod");

        var timedOut = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = config }, RunPodSandboxResponse.Parser, TimeSpan.FromSeconds(1)));
        var kept = await _bed.Daemon.WaitForOutputAsync("deadline; kept", TimeSpan.FromSeconds(30));
        var listedBefore = await ListPodsAsync();
        var stalled = (await _bed.Client.UnaryAsync(Runtime + "Status", new StatusRequest { Verbose = true }, StatusResponse.Parser)).Info["stalledResources"];
        var id = await _bed.RunPodAsync(config);
        var listedAfter = await ListPodsAsync();
        var stalledAfter = (await _bed.Client.UnaryAsync(Runtime + "Status", new StatusRequest { Verbose = true }, StatusResponse.Parser)).Info["stalledResources"];

        Assert.That(timedOut!.Code, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(kept, Is.True);
        Assert.That(listedBefore, Is.Empty, "not listed while the kubelet does not know it");
        Assert.That(stalled, Is.EqualTo("""{"sandboxes":{"created, awaiting the retry":1},"containers":{}}"""));
        Assert.That(listedAfter, Is.EqualTo(new[] { id }));
        Assert.That(stalledAfter, Is.EqualTo("""{"sandboxes":{},"containers":{}}"""));
    }

    [Test]
    public async Task A_container_created_after_its_deadline_is_handed_to_the_retry_and_a_changed_retry_replaces_it()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("late-containers");
        await File.WriteAllTextAsync(SlowMarker, "");
        var config = _bed.ContainerConfig("late", "sleep", "1000");

        var timedOut = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig }, CreateContainerResponse.Parser, TimeSpan.FromSeconds(1)));
        await WaitForRuntimeContainersAsync(2);
        var listedBefore = await ListContainersAsync();
        var collected = await CreateAsync(pod, podConfig, config);
        var listedAfter = await ListContainersAsync();

        Assert.That(timedOut!.Code, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(listedBefore, Is.Empty);
        Assert.That(listedAfter, Is.EqualTo(new[] { collected }));

        var other = _bed.ContainerConfig("late-2", "sleep", "1000");
        Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = pod, Config = other, SandboxConfig = podConfig }, CreateContainerResponse.Parser, TimeSpan.FromSeconds(1)));
        Assert.That(await Eventually.TrueAsync(() => _bed.Daemon.Output.Any(line => line.Contains("_late-2_") && line.Contains("deadline; kept")), TimeSpan.FromSeconds(30)), Is.True, "kept for a retry");
        File.Delete(SlowMarker);
        var changed = other.Clone();
        changed.Command.Clear();
        changed.Command.AddRange(["sleep", "2000"]);
        var replacement = await CreateAsync(pod, podConfig, changed);

        Assert.That(await ListContainersAsync(), Is.EquivalentTo(new[] { collected, replacement }), "the unclaimed one is gone, the changed request's is there");
        Assert.That(await WaitForRuntimeContainersAsync(3), Is.True, "the pod's infra container and two containers");
    }

    private async Task<string> CreateAsync(string pod, PodSandboxConfig podConfig, ContainerConfig config) =>
        (await _bed.Client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig }, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1))).ContainerId;

    private async Task<List<string>> ListPodsAsync() =>
        (await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser)).Items.Select(p => p.Id).ToList();

    private async Task<List<string>> ListContainersAsync() =>
        (await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser)).Containers.Select(c => c.Id).ToList();

    /// <summary>Waits until the runtime knows <paramref name="count"/> containers: a slow creation has reached the runtime.</summary>
    private async Task<bool> WaitForRuntimeContainersAsync(int count) =>
        await Eventually.TrueAsync(async () => JsonDocument.Parse(await _bed.RuncAsync("list", "--format", "json") is { Length: > 0 } json && json.Trim() != "null" ? json : "[]").RootElement.GetArrayLength() == count, TimeSpan.FromSeconds(30));
}
