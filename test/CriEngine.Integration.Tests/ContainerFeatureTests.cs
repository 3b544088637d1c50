using System.Text.RegularExpressions;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Monitors;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>Logs, stats, resources, events, OOM and crash recovery of containers on the real daemon.</summary>
[Category("Integration")]
[TestFixture("conmon")]
[TestFixture("crimon")]
public sealed class ContainerFeatureTests(string monitor)
{
    private const string Runtime = PodTestBed.Runtime;

    private PodTestBed _bed = null!;
    private PodSandboxConfig _podConfig = null!;
    private string _pod = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync(TestMonitors.PathOf(monitor));
        _podConfig = _bed.PodConfig("features");
        _pod = await _bed.RunPodAsync(_podConfig);
        await _bed.PullBusyboxAsync();
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    private async Task<ContainerStatus> WaitForExitAsync(string id)
    {
        Assert.That(await Eventually.TrueAsync(() => _bed.ContainerStatusAsync(id).Result.State == ContainerState.ContainerExited, TimeSpan.FromSeconds(30)), Is.True, "the container exits");
        return await _bed.ContainerStatusAsync(id);
    }

    [Test]
    public async Task Exec_sync_in_a_tty_container_runs_on_a_terminal_and_in_another_container_without()
    {
        var withTty = _bed.ContainerConfig("tty", "sleep", "1000");
        withTty.Tty = true;
        var terminal = await _bed.RunContainerAsync(_pod, _podConfig, withTty);
        var plain = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("plain", "sleep", "1000"));

        var onTerminal = await _bed.ExecAsync(terminal, "sh", "-c", "tty; echo to-stderr >&2");
        var withoutTerminal = await _bed.ExecAsync(plain, "sh", "-c", "tty; true");

        Assert.That(onTerminal.ExitCode, Is.EqualTo(0));
        Assert.That(onTerminal.Stdout.ToStringUtf8(), Does.Match(@"^/dev/pts/\d+\r?\nto-stderr\r?\n$"), "the terminal carries stderr too");
        Assert.That(withoutTerminal.Stdout.ToStringUtf8(), Is.EqualTo("not a tty\n"));
    }

    [Test]
    public async Task Many_lines_arrive_in_order_and_long_lines_are_split_into_partial_records()
    {
        var id = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("logger", "sh", "-c",
            "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done; head -c 40000 /dev/zero | tr '\\0' x; echo; echo err >&2"));
        var status = await WaitForExitAsync(id);
        // The monitor may still be writing the last records as the exit is seen: wait for the log to settle.
        await Eventually.TrueAsync(() => File.ReadAllText(status.LogPath) is var log && log.Contains(" stdout F x", StringComparison.Ordinal) && log.Contains(" stderr F err", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        var records = (await File.ReadAllLinesAsync(status.LogPath)).Select(line => Regex.Match(line, @"^\S+ (stdout|stderr) (P|F) (.*)$")).ToList();

        Assert.That(records, Has.All.Matches<Match>(m => m.Success), "every line is a CRI log record");
        // A line may arrive in several partial (P) records, the last one full (F): join them back.
        var stdout = Lines(records.Where(m => m.Groups[1].Value == "stdout"));
        Assert.That(stdout.Take(2000), Is.EqualTo(Enumerable.Range(0, 2000).Select(i => $"line {i}")));
        Assert.That(stdout.Skip(2000).Single(), Is.EqualTo(new string('x', 40000)));
        Assert.That(records.Count(m => m.Groups[1].Value == "stdout" && m.Groups[2].Value == "P"), Is.GreaterThan(0), "a long line is written in partial records");
        Assert.That(Lines(records.Where(m => m.Groups[1].Value == "stderr")), Is.EqualTo(new[] { "err" }));
    }

    private static List<string> Lines(IEnumerable<Match> records)
    {
        var lines = new List<string>();
        var partial = new System.Text.StringBuilder();
        foreach (var record in records)
        {
            partial.Append(record.Groups[3].Value);
            if (record.Groups[2].Value == "F")
            {
                lines.Add(partial.ToString());
                partial.Clear();
            }
        }
        return lines;
    }

    [Test]
    public async Task Log_rotation_by_rename_and_reopen_loses_no_line()
    {
        var id = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("rotated", "sh", "-c", "i=0; while [ $i -lt 400 ]; do echo n $i; i=$((i+1)); sleep 0.01; done; sleep 1000"));
        var log = (await _bed.ContainerStatusAsync(id)).LogPath;
        Assert.That(await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllLines(log).Length > 50, TimeSpan.FromSeconds(20)), Is.True);

        File.Move(log, log + ".1");
        await _bed.Client.UnaryAsync(Runtime + "ReopenContainerLog", new ReopenContainerLogRequest { ContainerId = id }, ReopenContainerLogResponse.Parser);
        Assert.That(await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("n 399"), TimeSpan.FromSeconds(30)), Is.True);

        var lines = Lines(File.ReadAllLines(log + ".1").Concat(File.ReadAllLines(log)).Select(line => Regex.Match(line, @"^\S+ (stdout|stderr) (P|F) (.*)$")));
        Assert.That(lines, Is.EqualTo(Enumerable.Range(0, 400).Select(i => $"n {i}")));
    }

    [Test]
    public async Task Exec_sync_output_is_capped_at_16_MiB()
    {
        var id = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("big", "sleep", "1000"));
        var request = new ExecSyncRequest { ContainerId = id, Timeout = 60 };
        request.Cmd.AddRange(["sh", "-c", "head -c 20000000 /dev/zero"]);

        var result = await _bed.Client.UnaryAsync(Runtime + "ExecSync", request, ExecSyncResponse.Parser, TimeSpan.FromMinutes(2));

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Stdout.Length, Is.EqualTo(16 * 1024 * 1024));
    }

    [Test]
    public async Task Stats_report_cpu_that_moves_and_memory()
    {
        var id = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("busy", "sh", "-c", "while :; do :; done"));

        var first = (await _bed.Client.UnaryAsync(Runtime + "ContainerStats", new ContainerStatsRequest { ContainerId = id }, ContainerStatsResponse.Parser)).Stats;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var second = (await _bed.Client.UnaryAsync(Runtime + "ContainerStats", new ContainerStatsRequest { ContainerId = id }, ContainerStatsResponse.Parser)).Stats;
        var pods = await _bed.Client.UnaryAsync(Runtime + "ListPodSandboxStats", new ListPodSandboxStatsRequest(), ListPodSandboxStatsResponse.Parser);
        var all = await _bed.Client.UnaryAsync(Runtime + "ListContainerStats", new ListContainerStatsRequest(), ListContainerStatsResponse.Parser);

        Assert.That(second.Cpu.UsageCoreNanoSeconds.Value, Is.GreaterThan(first.Cpu.UsageCoreNanoSeconds.Value + 100_000_000), "a busy loop burns CPU");
        Assert.That(second.Cpu.UsageNanoCores.Value, Is.GreaterThan(100_000_000UL), "more than a tenth of a core");
        Assert.That(second.Memory.WorkingSetBytes.Value, Is.GreaterThan(0UL));
        // Swap is there exactly where the kernel accounts it, read with the memory.
        var swapAccounted = File.Exists("/sys/fs/cgroup/memory/memory.memsw.usage_in_bytes") || Directory.EnumerateDirectories("/sys/fs/cgroup").Any(d => File.Exists(Path.Combine(d, "memory.swap.current")));
        Assert.That(second.Swap?.SwapUsageBytes is not null, Is.EqualTo(swapAccounted));
        if (swapAccounted)
            Assert.That(second.Swap!.Timestamp, Is.EqualTo(second.Memory.Timestamp));
        Assert.That(second.Attributes.Metadata.Name, Is.EqualTo("busy"));
        Assert.That(all.Stats.Select(s => s.Attributes.Id), Does.Contain(id));
        Assert.That(pods.Stats.Single().Linux.Containers.Select(c => c.Attributes.Id), Does.Contain(id));
    }

    [Test]
    public async Task Pod_stats_show_the_pods_own_interfaces_and_pressure_exactly_where_the_kernel_keeps_it()
    {
        var id = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("net", "sleep", "3600"));

        var stats = (await _bed.Client.UnaryAsync(Runtime + "PodSandboxStats", new PodSandboxStatsRequest { PodSandboxId = _pod }, PodSandboxStatsResponse.Parser)).Stats.Linux;
        var netDev = (await _bed.ExecAsync(id, "cat", "/proc/net/dev")).Stdout.ToStringUtf8();

        var network = stats.Network;
        Assert.That(network, Is.Not.Null, "a pod with its own network namespace");
        Assert.That(network.DefaultInterface.Name, Is.EqualTo("eth0"));
        Assert.That(network.Interfaces.Select(i => i.Name), Does.Not.Contain("lo").And.Not.Contain("eth0"));
        // The same namespace read from inside a moment later: counters only grow.
        var eth0 = netDev.Split('\n').Single(line => line.TrimStart().StartsWith("eth0:", StringComparison.Ordinal)).Split(':')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToArray();
        Assert.That(network.DefaultInterface.RxBytes.Value, Is.LessThanOrEqualTo(eth0[0]).And.GreaterThan(0UL), "the bridge's traffic reached the pod");
        Assert.That(network.DefaultInterface.TxBytes.Value, Is.LessThanOrEqualTo(eth0[8]));
        Assert.That(network.DefaultInterface.RxErrors.Value, Is.EqualTo(eth0[2]));
        var container = stats.Containers.Single(c => c.Attributes.Id == id);
        // The CRI's pressure is the cgroup v2 pressure files; v1 keeps none.
        var v2 = File.Exists("/sys/fs/cgroup/cgroup.controllers");
        Assert.That((container.Cpu.Psi is not null, container.Memory.Psi is not null, container.Io is not null), Is.EqualTo((v2, v2, v2)));
        Assert.That((stats.Cpu.Psi is not null, stats.Io is not null), Is.EqualTo((v2, v2)));
        if (v2)
            Assert.That(container.Io!.Timestamp, Is.EqualTo(container.Memory.Timestamp), "one reading of the cgroup");
    }

    [Test]
    public async Task Updated_limits_reach_the_cgroup_and_the_container_status()
    {
        var id = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("limited", "sleep", "1000"));

        await _bed.Client.UnaryAsync(Runtime + "UpdateContainerResources", new UpdateContainerResourcesRequest
        {
            ContainerId = id,
            Linux = new LinuxContainerResources { MemoryLimitInBytes = 64 * 1024 * 1024, CpuShares = 512 },
        }, UpdateContainerResourcesResponse.Parser);

        var cgroup = Path.Combine("/sys/fs/cgroup/memory" + _bed.CgroupParent, "crio-" + id);
        Assert.That(File.ReadAllText(Path.Combine(cgroup, "memory.limit_in_bytes")).Trim(), Is.EqualTo((64 * 1024 * 1024).ToString()));
        var status = await _bed.Client.UnaryAsync(Runtime + "ContainerStatus", new ContainerStatusRequest { ContainerId = id }, ContainerStatusResponse.Parser);
        Assert.That(status.Status.Resources.Linux.MemoryLimitInBytes, Is.EqualTo(64 * 1024 * 1024));
        Assert.That(status.Status.Resources.Linux.CpuShares, Is.EqualTo(512));

        await _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = id }, StopContainerResponse.Parser);
        var refused = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "UpdateContainerResources", new UpdateContainerResourcesRequest
        {
            ContainerId = id,
            Linux = new LinuxContainerResources { MemoryLimitInBytes = 128 * 1024 * 1024 },
        }, UpdateContainerResourcesResponse.Parser));
        Assert.That(refused!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(refused.Message, Does.Contain(id).And.Contain("exited"));
    }

    [Test]
    public async Task Memory_hog_is_reported_as_oom_killed()
    {
        var config = _bed.ContainerConfig("hog", "sh", "-c", "x=x; while :; do x=$x$x; done");
        config.Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 32 * 1024 * 1024 } };

        var id = await _bed.RunContainerAsync(_pod, _podConfig, config);
        var status = await WaitForExitAsync(id);

        Assert.That(status.Reason, Is.EqualTo("OOMKilled"));
        Assert.That(status.ExitCode, Is.EqualTo(137));
    }

    [Test]
    public async Task Events_stream_announces_each_step_of_a_container()
    {
        using var listener = _bed.Daemon.Client();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<ContainerEventResponse>();
        var listening = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in listener.ServerStreamingAsync(Runtime + "GetContainerEvents", new GetEventsRequest(), ContainerEventResponse.Parser, cancellationToken: cancel.Token))
                {
                    lock (events)
                        events.Add(message);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await Task.Delay(500);

        var id = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("evented", "true"));
        await WaitForExitAsync(id);
        await _bed.Client.UnaryAsync(Runtime + "RemoveContainer", new RemoveContainerRequest { ContainerId = id }, RemoveContainerResponse.Parser);
        Assert.That(await Eventually.TrueAsync(() => { lock (events) return events.Count(e => e.ContainerId == id) >= 4; }, TimeSpan.FromSeconds(10)), Is.True);
        await cancel.CancelAsync();
        await listening;

        List<ContainerEventType> types;
        lock (events)
            types = events.Where(e => e.ContainerId == id).Select(e => e.ContainerEventType).ToList();
        Assert.That(types, Is.EqualTo(new[] { ContainerEventType.ContainerCreatedEvent, ContainerEventType.ContainerStartedEvent, ContainerEventType.ContainerStoppedEvent, ContainerEventType.ContainerDeletedEvent }));
        Assert.That(events.First(e => e.ContainerId == id).PodSandboxStatus.Id, Is.EqualTo(_pod));
        // Each event carries the pod's containers as they were then: this one in its new state, and gone once deleted.
        var states = events.Where(e => e.ContainerId == id)
            .Select(e => e.ContainersStatuses.Where(status => status.Id == id).Select(status => status.State).ToList())
            .ToList();
        Assert.That(states, Is.EqualTo(new[]
        {
            new List<ContainerState> { ContainerState.ContainerCreated },
            new List<ContainerState> { ContainerState.ContainerRunning },
            new List<ContainerState> { ContainerState.ContainerExited },
            new List<ContainerState>(),
        }));
    }

    [Test]
    public async Task List_filters_by_pod_state_and_labels()
    {
        var running = _bed.ContainerConfig("runs", "sleep", "1000");
        running.Labels["role"] = "server";
        var runningId = await _bed.RunContainerAsync(_pod, _podConfig, running);
        var exitedId = await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("done", "true"));
        await WaitForExitAsync(exitedId);

        async Task<IEnumerable<string>> ListAsync(ContainerFilter filter) =>
            (await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest { Filter = filter }, ListContainersResponse.Parser)).Containers.Select(c => c.Id);

        Assert.That(await ListAsync(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerRunning } }), Is.EqualTo(new[] { runningId }));
        Assert.That(await ListAsync(new ContainerFilter { LabelSelector = { ["role"] = "server" } }), Is.EqualTo(new[] { runningId }));
        Assert.That(await ListAsync(new ContainerFilter { PodSandboxId = _pod[..12] }), Is.EquivalentTo(new[] { runningId, exitedId }));
        Assert.That(await ListAsync(new ContainerFilter { Id = exitedId[..10] }), Is.EqualTo(new[] { exitedId }));
    }

    [Test]
    public async Task Create_that_outlives_the_callers_deadline_finishes_and_the_retry_gets_it()
    {
        var config = _bed.ContainerConfig("slowpoke", "sleep", "1000");

        var tooShort = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = _pod, Config = config, SandboxConfig = _podConfig }, CreateContainerResponse.Parser, TimeSpan.FromMilliseconds(1)));
        var retried = await _bed.Client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = _pod, Config = config, SandboxConfig = _podConfig }, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1));
        var listed = await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser);

        Assert.That(tooShort!.Code, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(listed.Containers.Select(c => c.Id), Is.EqualTo(new[] { retried.ContainerId }), "one container, not two, and no name conflict");
    }

    [Test]
    public async Task Daemon_killed_in_the_middle_of_a_pod_creation_leaves_nothing_after_restart()
    {
        var netnsBefore = Directory.GetFiles(Path.Combine(_bed.Layout.Namespaces, "netns")).Length;
        var started = _bed.Client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = _bed.PodConfig("interrupted") }, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        // Kill as soon as the creation has begun making things: its journal is there.
        Assert.That(await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(_bed.Layout.Root, "state", "creating")).Length > 0, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(1)), Is.True);
        await _bed.RestartAfterCrashAsync();
        Assert.CatchAsync(() => started);

        var pods = await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser);
        Assert.That(pods.Items.Select(p => p.Id), Is.EqualTo(new[] { _pod }));
        Assert.That(Directory.GetFiles(Path.Combine(_bed.Layout.Root, "state", "creating")), Is.Empty);
        Assert.That(Directory.GetFiles(Path.Combine(_bed.Layout.Namespaces, "netns")), Has.Length.EqualTo(netnsBefore));
        Assert.That(Directory.GetDirectories(Path.Combine(_bed.Layout.Root, "pods")), Has.Length.EqualTo(1));
        Assert.That(File.ReadAllLines("/proc/self/mountinfo").Count(l => l.Contains(Path.Combine(_bed.Layout.RunRoot, "shm"))), Is.EqualTo(1), "only the surviving pod's shm");
    }
}
