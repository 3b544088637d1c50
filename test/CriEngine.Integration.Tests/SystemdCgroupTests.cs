using CriEngine.Api;
using CriEngine.Cgroups.Systemd;
using CriEngine.DBus;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;
using CriEngine.TestSupport.Systemd;

namespace CriEngine.Integration.Tests;

/// <summary>
/// cgroup_manager = "systemd" for real: the daemon runs as the shipped criengine.service under
/// Debian's systemd 252 in its own namespaces (<see cref="CriEngineUnit"/>), with runc and
/// Debian's conmon; pods use host networking (no CNI inside those namespaces). Cgroups are
/// checked from the host, below systemd's root in each hierarchy; units through systemd's bus.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SystemdCgroupTests
{
    private const string Runtime = PodTestBed.Runtime;

    private SystemdInNamespaces _systemd = null!;
    private TestRegistry _registry = null!;
    private string _busybox = null!;
    private string _pause = null!;

    private TempDirectory _directory = null!;
    private string _runtimeRoot = null!;
    private CriEngineUnit _unit = null!;
    private GrpcClient _client = null!;
    private DBusClient _bus = null!;
    private SystemdManager _units = null!;
    private string _slicePrefix = null!;
    private string _cgroupfsParent = null!;

    [OneTimeSetUp]
    public async Task StartNodeAsync()
    {
        if (Environment.UserName != "root")
            Assert.Ignore("needs root: runs systemd in its own namespaces");
        _systemd = await SystemdInNamespaces.StartAsync("criengine-systemd-cgroups");
        _registry = await TestRegistry.StartAsync();
        _busybox = (await _registry.PushAsync("test/busybox", "1", await new TestImageBuilder().WithBusybox().WithConfig(c => c with { Cmd = ["sh"] }).BuildAsync())).Reference;
        _pause = (await _registry.PushAsync("test/pause", "1", await new TestImageBuilder().WithBusybox().WithConfig(c => c with { Entrypoint = ["/bin/sleep", "2147483647"] }).BuildAsync())).Reference;
    }

    [OneTimeTearDown]
    public async Task StopNodeAsync()
    {
        if (_registry is not null)
            await _registry.DisposeAsync();
        if (_systemd is not null)
            await _systemd.DisposeAsync();
    }

    [SetUp]
    public async Task StartDaemonAsync()
    {
        // What an earlier test left in these fields is gone: teardown cleans only what this setup made.
        (_unit, _client, _bus) = (null!, null!, null!);
        _directory = new TempDirectory("criengine-systemd");
        _runtimeRoot = $"/tmp/rr-{Path.GetFileName(_directory.Path)[^6..]}";
        Directory.CreateDirectory(_runtimeRoot);
        // Slices and cgroups of this test's own: systemd may hold a stopped unit of an earlier one for a moment.
        var tag = Guid.NewGuid().ToString("N")[..8];
        _slicePrefix = "crtest" + tag;
        _cgroupfsParent = "/crtest-cgroupfs-" + tag;
        var layout = DaemonProcess.Layout(_directory);
        await File.WriteAllTextAsync(layout.DropIn("10-node.conf"), $"""
            [crio.runtime]
            conmon = "/usr/bin/conmon"
            default_runtime = "runc"

            [crio.runtime.runtimes.runc]
            runtime_path = "/usr/sbin/runc"
            runtime_root = "{_runtimeRoot}/runc"

            [crio.runtime.runtimes.crun]
            runtime_path = "/usr/bin/crun"
            runtime_root = "{_runtimeRoot}/crun"

            [crio.image]
            pause_image = "{_pause}"
            pause_command = ""
            """);
        WriteManager("systemd", "pod");
        _bus = _systemd.ConnectBus();
        _units = new SystemdManager(_bus);
        _unit = await CriEngineUnit.InstallAsync(_systemd, _directory);
        await _unit.StartAsync();
        _client = _unit.Client();
    }

    [TearDown]
    public async Task StopDaemonAsync()
    {
        try
        {
            if (_unit is not null)
                await RemoveEveryPodAsync();
        }
        finally
        {
            if (_unit is not null)
            {
                if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
                    TestContext.Out.WriteLine("daemon log:\n" + _unit.Log());
                _client?.Dispose();
                await _unit.UninstallAsync();
            }
            if (_bus is not null)
            {
                // The pods' slices are the kubelet's to remove: here the test is the kubelet.
                await _units.StopUnitAsync(_slicePrefix + ".slice");
                await _bus.DisposeAsync();
            }
            foreach (var hierarchy in _systemd.Hierarchies)
            {
                var parent = _systemd.CgroupRoot(hierarchy.Name) + _cgroupfsParent;
                if (Directory.Exists(parent))
                    RemoveCgroupTree(parent);
            }
            // The daemon's mounts live in systemd's mount namespace: none is left once every pod is removed.
            if (Directory.Exists(_runtimeRoot))
                Directory.Delete(_runtimeRoot, recursive: true);
            _directory.Dispose();
        }
    }

    /// <summary>What the kubelet does with pods it no longer wants, on a daemon started again if a test stopped it.</summary>
    private async Task RemoveEveryPodAsync()
    {
        if (await _unit.PropertyAsync("ActiveState") != "active")
            await _unit.StartAsync();
        _client?.Dispose();
        _client = _unit.Client();
        var pods = await _client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser);
        foreach (var pod in pods.Items)
            await _client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod.Id }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task Pod_and_container_run_in_crio_scopes_of_the_pods_slice_and_go_with_them()
    {
        var slice = _slicePrefix + "-podweb.slice";
        var podConfig = PodConfig("web", slice);

        var pod = await RunPodAsync(podConfig);
        var container = await RunContainerAsync(pod, podConfig, "sleep", "3600");
        var sliceDirectory = $"/{_slicePrefix}.slice/{slice}";

        using var spec = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(DaemonProcess.Layout(_directory).RunRoot, "bundles", container, "config.json")));
        Assert.That(spec.RootElement.GetProperty("linux").GetProperty("cgroupsPath").GetString(), Is.EqualTo($"{slice}:crio:{container}"));
        Assert.That(await _units.GetActiveStateAsync($"crio-{pod}.scope"), Is.EqualTo("active"), "runc started the infra container's scope");
        Assert.That(await _units.GetActiveStateAsync($"crio-{container}.scope"), Is.EqualTo("active"));
        Assert.That(await _units.GetActiveStateAsync($"crio-conmon-{container}.scope"), Is.EqualTo("active"), "the engine started the monitor's scope");
        Assert.That(ProcessesIn($"{sliceDirectory}/crio-{container}.scope"), Is.EqualTo(new[] { "sleep" }));
        Assert.That(ProcessesIn($"{sliceDirectory}/crio-conmon-{container}.scope"), Is.EqualTo(new[] { "conmon" }), "conmon_cgroup \"pod\": in the pod's slice");
        Assert.That(ProcessesIn($"{sliceDirectory}/crio-{pod}.scope"), Is.EqualTo(new[] { "sleep" }), "the pause process");

        var exec = await _client.UnaryAsync(Runtime + "ExecSync", new ExecSyncRequest { ContainerId = container, Cmd = { "cat", "/proc/self/cgroup" }, Timeout = 30 }, ExecSyncResponse.Parser, TimeSpan.FromMinutes(1));
        Assert.That(exec.ExitCode, Is.EqualTo(0));
        var stats = await ContainerStatsAsync(container);
        Assert.That(stats.Memory.WorkingSetBytes.Value, Is.GreaterThan(0UL));
        Assert.That(stats.Cpu.UsageCoreNanoSeconds.Value, Is.GreaterThan(0UL), "cpuacct of the scope, which runc joins itself");
        var podStats = await _client.UnaryAsync(Runtime + "PodSandboxStats", new PodSandboxStatsRequest { PodSandboxId = pod }, PodSandboxStatsResponse.Parser);
        Assert.That(podStats.Stats.Linux.Memory.WorkingSetBytes.Value, Is.GreaterThan(0UL), "read from the pod's slice");
        Assert.That(podStats.Stats.Linux.Network, Is.Null, "a host-network pod has no interfaces of its own");
        var v2 = File.Exists("/sys/fs/cgroup/cgroup.controllers");
        Assert.That((stats.Io is not null, stats.Cpu.Psi is not null, podStats.Stats.Linux.Io is not null), Is.EqualTo((v2, v2, v2)), "pressure from the scope and the slice where cgroup v2 keeps it");
        var metrics = (await _client.UnaryAsync(Runtime + "ListPodSandboxMetrics", new ListPodSandboxMetricsRequest(), ListPodSandboxMetricsResponse.Parser)).PodMetrics.Single(m => m.PodSandboxId == pod);
        var metric = metrics.ContainerMetrics.Single(c => c.ContainerId == container).Metrics.ToDictionary(m => m.Name + string.Join(",", m.LabelValues.Skip(3)), m => m.Value.Value);
        Assert.That(metric["container_memory_working_set_bytes"], Is.GreaterThan(0UL), "metrics from the scope, as the stats");
        Assert.That(metric["container_processes"], Is.EqualTo(1UL));
        Assert.That(metric["container_threads"], Is.EqualTo(1UL), "sleep has one thread");
        Assert.That(metrics.Metrics, Is.Empty, "a host-network pod has no network of its own to count");

        await UpdateMemoryAsync(container, 96L << 20);
        Assert.That(File.ReadAllText(_systemd.CgroupRoot("memory") + $"{sliceDirectory}/crio-{container}.scope/memory.limit_in_bytes").Trim(), Is.EqualTo((96L << 20).ToString()));

        await _client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = container, Timeout = 1 }, StopContainerResponse.Parser, TimeSpan.FromMinutes(1));
        await _client.UnaryAsync(Runtime + "RemoveContainer", new RemoveContainerRequest { ContainerId = container }, RemoveContainerResponse.Parser, TimeSpan.FromMinutes(1));
        Assert.That(await UnitGoneAsync($"crio-{container}.scope"), Is.True);
        Assert.That(await UnitGoneAsync($"crio-conmon-{container}.scope"), Is.True);

        await _client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        await _client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        Assert.That(await UnitGoneAsync($"crio-{pod}.scope"), Is.True);
        Assert.That(await UnitGoneAsync($"crio-conmon-{pod}.scope"), Is.True);
        Assert.That(Directory.Exists(_systemd.CgroupRoot("pids") + $"{sliceDirectory}/crio-{pod}.scope"), Is.False, "systemd removed the scope's cgroup");
    }

    [Test]
    public async Task Pod_resize_sets_the_slices_properties_and_cgroup_files_and_a_refused_one_changes_neither()
    {
        const long MiB = 1024 * 1024;
        var slice = _slicePrefix + "-podresize.slice";
        var podConfig = PodConfig("resize", slice);
        var pod = await RunPodAsync(podConfig);
        await RunContainerAsync(pod, podConfig, "sleep", "3600");
        var sliceDirectory = $"/{_slicePrefix}.slice/{slice}";
        string File(string controller, string name) => System.IO.File.ReadAllText(_systemd.CgroupRoot(controller) + $"{sliceDirectory}/{name}").Trim();
        string[] Limits() => [File("cpu", "cpu.shares"), File("cpu", "cpu.cfs_quota_us"), File("cpu", "cpu.cfs_period_us"), File("memory", "memory.limit_in_bytes"), File("cpuset", "cpuset.cpus")];
        async Task<string> PropertiesAsync() =>
            (await _systemd.RunInsideAsync(["systemctl", "show", "-p", "CPUShares,CPUQuotaPerSecUSec,CPUQuotaPeriodUSec,MemoryLimit", slice])).StandardOutputText;
        Task ResizeAsync(LinuxContainerResources resources) => _client.UnaryAsync(Runtime + "UpdatePodSandboxResources",
            new UpdatePodSandboxResourcesRequest { PodSandboxId = pod, Resources = resources }, UpdatePodSandboxResourcesResponse.Parser, TimeSpan.FromMinutes(1));

        await ResizeAsync(new LinuxContainerResources { CpuShares = 512, CpuQuota = 50_000, CpuPeriod = 100_000, MemoryLimitInBytes = 200 * MiB });

        string[] expected = ["512", "50000", "100000", (200 * MiB).ToString(), "0-1"];
        Assert.That(Limits(), Is.EqualTo(expected), "the slice's cgroup files");
        var properties = await PropertiesAsync();
        Assert.That(properties, Does.Contain("CPUShares=512\n").And.Contain("CPUQuotaPerSecUSec=500ms\n").And.Contain("CPUQuotaPeriodUSec=100ms\n").And.Contain($"MemoryLimit={200 * MiB}\n"),
            "systemd keeps them as the slice's properties");

        // cgroup v1 refuses a cpuset its children's (0-1, the scopes runc made) are not within: the shares written before it go back.
        var refused = Assert.ThrowsAsync<RpcException>(() => ResizeAsync(new LinuxContainerResources { CpuShares = 256, MemoryLimitInBytes = 300 * MiB, CpusetCpus = "1" }));

        Assert.That(refused!.Code, Is.EqualTo(StatusCode.FailedPrecondition), refused.Message);
        Assert.That(Limits(), Is.EqualTo(expected));
        Assert.That(await PropertiesAsync(), Is.EqualTo(properties));

        await _unit.RestartAsync();
        _client.Dispose();
        _client = _unit.Client();
        var status = await _client.UnaryAsync(Runtime + "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = pod, Verbose = true }, PodSandboxStatusResponse.Parser);
        Assert.That(Google.Protobuf.JsonParser.Default.Parse<LinuxContainerResources>(status.Info["resources"]).MemoryLimitInBytes, Is.EqualTo(200 * MiB), "the record outlives the daemon");
        Assert.That(Limits(), Is.EqualTo(expected));
        Assert.That(await PropertiesAsync(), Is.EqualTo(properties));
    }

    [Test]
    public async Task Pod_and_container_run_under_crun_with_its_systemd_driver()
    {
        var slice = _slicePrefix + "-podcrun.slice";
        var podConfig = PodConfig("crun", slice);
        string pod;
        try
        {
            pod = (await _client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = podConfig, RuntimeHandler = "crun" }, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(2))).PodSandboxId;
        }
        catch (RpcException e) when (e.Message.Contains("hybrid mode not supported", StringComparison.Ordinal))
        {
            Assert.Ignore($"crun refuses this host's cgroup layout (v1 controllers with a cgroup2 mount holding hugetlb): {e.Message}");
            return;
        }
        var container = await RunContainerAsync(pod, podConfig, "sleep", "3600");

        // crun keeps its scope free of processes: the container's go into a "container" cgroup below it.
        Assert.That(ProcessesUnder($"/{_slicePrefix}.slice/{slice}/crio-{container}.scope"), Is.EqualTo(new[] { "sleep" }));
        Assert.That(ProcessesIn($"/{_slicePrefix}.slice/{slice}/crio-conmon-{container}.scope"), Is.EqualTo(new[] { "conmon" }));
        Assert.That((await ContainerStatsAsync(container)).Memory.WorkingSetBytes.Value, Is.GreaterThan(0UL), "the scope's usage includes the cgroup below it");

        await _client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        Assert.That(await UnitGoneAsync($"crio-{container}.scope"), Is.True);
        Assert.That(await UnitGoneAsync($"crio-conmon-{container}.scope"), Is.True);
    }

    [Test]
    public async Task Failed_creations_under_systemd_are_undone_without_leaving_units()
    {
        var podConfig = PodConfig("failing", _slicePrefix + "-podfailing.slice");
        var pod = await RunPodAsync(podConfig);
        var podUnits = await CrioUnitsAsync();
        Assert.That(podUnits, Is.EquivalentTo(new[] { $"crio-{pod}.scope", $"crio-conmon-{pod}.scope" }));

        Assert.ThrowsAsync<RpcException>(() => RunContainerAsync(pod, podConfig, "/nonexistent"));
        Assert.That(await CrioUnitsAsync(), Is.EquivalentTo(podUnits), "the failed container's scopes are gone");

        File.WriteAllText(DaemonProcess.Layout(_directory).DropIn("30-pause.conf"), "[crio.image]\npause_command = \"/nonexistent\"\n");
        await _unit.ReloadAsync();
        Assert.ThrowsAsync<RpcException>(() => RunPodAsync(PodConfig("failing2", _slicePrefix + "-podfailing2.slice")));

        Assert.That(await CrioUnitsAsync(), Is.EqualTo(podUnits), "the failed pod's scopes are gone");
        Assert.That(_unit.Log(), Does.Not.Contain("undo "), "every undo step found its cgroup manager");
    }

    [Test]
    public async Task Cgroupfs_parent_under_systemd_is_refused_as_a_cgroup_driver_mismatch()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => RunPodAsync(PodConfig("bad", "/kubepods/burstable/pod1")));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("\"/kubepods/burstable/pod1\"").And.Contain("the kubelet's cgroup driver and the runtime's do not match"));
        var pods = await _client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser);
        Assert.That(pods.Items, Is.Empty, "nothing is left of it");
    }

    [Test]
    public async Task Reload_switches_new_pods_between_managers_and_each_pod_keeps_its_own_across_a_restart()
    {
        WriteManager("systemd", "system.slice");
        await _unit.ReloadAsync();
        var systemdConfig = PodConfig("first", _slicePrefix + "-podfirst.slice");
        var systemdPod = await RunPodAsync(systemdConfig);
        var systemdContainer = await RunContainerAsync(systemdPod, systemdConfig, "sleep", "3600");
        Assert.That(await CgroupDriverAsync(), Is.EqualTo(CgroupDriver.Systemd));

        WriteManager("cgroupfs", "pod");
        await _unit.ReloadAsync();
        Assert.That(await CgroupDriverAsync(), Is.EqualTo(CgroupDriver.Cgroupfs), "RuntimeConfig reports the new manager");
        var cgroupfsConfig = PodConfig("second", _cgroupfsParent);
        var cgroupfsPod = await RunPodAsync(cgroupfsConfig);
        var cgroupfsContainer = await RunContainerAsync(cgroupfsPod, cgroupfsConfig, "sleep", "3600");

        var systemdScope = $"/{_slicePrefix}.slice/{_slicePrefix}-podfirst.slice/crio-{systemdContainer}.scope";
        Assert.That(ProcessesIn(systemdScope), Is.EqualTo(new[] { "sleep" }), "the first pod's container in its scope");
        Assert.That(ProcessesIn($"/system.slice/crio-conmon-{systemdContainer}.scope"), Is.EqualTo(new[] { "conmon" }), "conmon_cgroup \"system.slice\"");
        Assert.That(ProcessesIn($"{_cgroupfsParent}/crio-{cgroupfsContainer}"), Is.EqualTo(new[] { "sleep" }), "the second pod's container in a cgroupfs cgroup");
        Assert.That(ProcessesIn($"{_cgroupfsParent}/crio-conmon-{cgroupfsContainer}"), Is.EqualTo(new[] { "conmon" }));
        Assert.That(await _units.UnitExistsAsync($"crio-{cgroupfsContainer}.scope"), Is.False, "no unit for a cgroupfs container");

        await _unit.RestartAsync();
        _client.Dispose();
        _client = _unit.Client();

        Assert.That(await CgroupDriverAsync(), Is.EqualTo(CgroupDriver.Cgroupfs));
        foreach (var (container, memory, file) in new[]
                 {
                     (systemdContainer, 80L << 20, _systemd.CgroupRoot("memory") + systemdScope + "/memory.limit_in_bytes"),
                     (cgroupfsContainer, 72L << 20, _systemd.CgroupRoot("memory") + $"{_cgroupfsParent}/crio-{cgroupfsContainer}/memory.limit_in_bytes"),
                 })
        {
            Assert.That((await ContainerStatsAsync(container)).Memory.WorkingSetBytes.Value, Is.GreaterThan(0UL), $"stats of {container} after the restart");
            await UpdateMemoryAsync(container, memory);
            Assert.That(File.ReadAllText(file).Trim(), Is.EqualTo(memory.ToString()), $"update of {container} after the restart");
        }

        WriteManager("systemd", "pod");
        await _unit.ReloadAsync();
        var againConfig = PodConfig("third", _slicePrefix + "-podthird.slice");
        var againPod = await RunPodAsync(againConfig);
        Assert.That(await CgroupDriverAsync(), Is.EqualTo(CgroupDriver.Systemd));
        Assert.That(await _units.GetActiveStateAsync($"crio-{againPod}.scope"), Is.EqualTo("active"), "back to systemd for new pods");

        foreach (var pod in new[] { systemdPod, cgroupfsPod, againPod })
        {
            await _client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
            await _client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        }
        Assert.That(await UnitGoneAsync($"crio-{systemdContainer}.scope"), Is.True);
        Assert.That(await UnitGoneAsync($"crio-conmon-{systemdContainer}.scope"), Is.True);
        Assert.That(await UnitGoneAsync($"crio-{againPod}.scope"), Is.True);
        Assert.That(_systemd.Hierarchies.Select(h => _systemd.CgroupRoot(h.Name) + $"{_cgroupfsParent}/crio-{cgroupfsContainer}").Where(Directory.Exists), Is.Empty,
            "the cgroupfs pod's cgroups are removed by the cgroupfs manager");
    }

    [Test]
    public async Task Unit_is_active_only_once_the_socket_answers()
    {
        await _unit.StopAsync();
        File.Delete(_unit.SocketPath);

        await _unit.StartAsync();

        // No retry: systemctl start returned, so READY=1 came, so the socket serves.
        using var client = _unit.Client();
        var version = await client.UnaryAsync(Runtime + "Version", new VersionRequest(), VersionResponse.Parser);
        Assert.That(version.RuntimeName, Is.Not.Empty);
        Assert.That(await _unit.PropertyAsync("ActiveState"), Is.EqualTo("active"));
        Assert.That(await _unit.PropertyAsync("Type"), Is.EqualTo("notify"));
    }

    [Test]
    public async Task Reload_applies_a_changed_drop_in_and_the_unit_stays_active_with_the_same_daemon()
    {
        var pid = await _unit.MainPidAsync();

        WriteManager("cgroupfs", "pod");
        await _unit.ReloadAsync();

        Assert.That(await CgroupDriverAsync(), Is.EqualTo(CgroupDriver.Cgroupfs));
        Assert.That(await _unit.PropertyAsync("ActiveState"), Is.EqualTo("active"));
        Assert.That(await _unit.MainPidAsync(), Is.EqualTo(pid));
        Assert.That(_unit.Log(), Does.Contain("config: crio.runtime.cgroup_manager: \"systemd\" -> \"cgroupfs\""));
    }

    [Test]
    public async Task Reload_with_a_broken_drop_in_leaves_the_unit_active_and_the_old_config_in_force()
    {
        var pid = await _unit.MainPidAsync();
        File.WriteAllText(DaemonProcess.Layout(_directory).DropIn("20-cgroups.conf"), "[crio.runtime]\ncgroup_manager = \"cgroupfs\"\nconmon_cgroup = \"pod\"\nlog_level = \"loud\"\n");

        await _unit.ReloadAsync();

        Assert.That(await _unit.PropertyAsync("ActiveState"), Is.EqualTo("active"));
        Assert.That(await _unit.MainPidAsync(), Is.EqualTo(pid));
        Assert.That(await CgroupDriverAsync(), Is.EqualTo(CgroupDriver.Systemd), "nothing of the broken config applies");
        Assert.That(_unit.Log(), Does.Contain("20-cgroups.conf").And.Contain("log_level"));
        var pod = await RunPodAsync(PodConfig("still", _slicePrefix + "-podstill.slice"));
        Assert.That(await _units.GetActiveStateAsync($"crio-{pod}.scope"), Is.EqualTo("active"), "new pods still get systemd");
    }

    [Test]
    public async Task Stopping_the_unit_leaves_containers_running()
    {
        var slice = _slicePrefix + "-podkeep.slice";
        var podConfig = PodConfig("keep", slice);
        var pod = await RunPodAsync(podConfig);
        var container = await RunContainerAsync(pod, podConfig, "sleep", "3600");
        var scope = $"/{_slicePrefix}.slice/{slice}/crio-{container}.scope";
        var before = PidsIn(scope);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await _unit.StopAsync();

        Assert.That(await _unit.PropertyAsync("ActiveState"), Is.EqualTo("inactive"),
            $"stopped in {stopping.Elapsed.TotalSeconds:0.0} s with result {await _unit.PropertyAsync("Result")}");
        Assert.That(PidsIn(scope), Is.EqualTo(before).And.Not.Empty, "the container runs on");
        Assert.That(ProcessesIn($"/{_slicePrefix}.slice/{slice}/crio-conmon-{container}.scope"), Is.EqualTo(new[] { "conmon" }), "and its monitor");

        await _unit.StartAsync();
        _client.Dispose();
        _client = _unit.Client();
        var status = await _client.UnaryAsync(Runtime + "ContainerStatus", new ContainerStatusRequest { ContainerId = container }, ContainerStatusResponse.Parser);
        Assert.That(status.Status.State, Is.EqualTo(ContainerState.ContainerRunning), "the restarted daemon finds it running");
    }

    /// <summary>The crio-* units systemd has loaded (scopes of containers and monitors), sorted.</summary>
    private async Task<string[]> CrioUnitsAsync()
    {
        var listed = await _systemd.RunInsideAsync(["systemctl", "list-units", "--all", "--plain", "--no-legend", "crio-*"]);
        return listed.StandardOutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0]).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The kubelet's cgroup driver, as the engine reports it.</summary>
    private async Task<CgroupDriver> CgroupDriverAsync() =>
        (await _client.UnaryAsync(Runtime + "RuntimeConfig", new RuntimeConfigRequest(), RuntimeConfigResponse.Parser)).Linux.CgroupDriver;

    private void WriteManager(string manager, string conmonCgroup) =>
        File.WriteAllText(DaemonProcess.Layout(_directory).DropIn("20-cgroups.conf"), $"[crio.runtime]\ncgroup_manager = \"{manager}\"\nconmon_cgroup = \"{conmonCgroup}\"\n");

    private PodSandboxConfig PodConfig(string name, string cgroupParent) => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "test", Uid = Guid.NewGuid().ToString("N"), Attempt = 0 },
        Hostname = name,
        LogDirectory = _directory.Combine("logs", name),
        Linux = new LinuxPodSandboxConfig
        {
            CgroupParent = cgroupParent,
            SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } },
        },
    };

    private async Task<string> RunPodAsync(PodSandboxConfig config) =>
        (await _client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = config }, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(2))).PodSandboxId;

    private async Task<string> RunContainerAsync(string pod, PodSandboxConfig podConfig, params string[] command)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "main" },
            Image = new ImageSpec { Image = _busybox },
            Command = { command },
            LogPath = "main.log",
        };
        await _client.UnaryAsync(PodTestBed.Images + "PullImage", new PullImageRequest { Image = new ImageSpec { Image = _busybox } }, PullImageResponse.Parser, TimeSpan.FromMinutes(2));
        var id = (await _client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig }, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1))).ContainerId;
        await _client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = id }, StartContainerResponse.Parser, TimeSpan.FromMinutes(1));
        return id;
    }

    private async Task<ContainerStats> ContainerStatsAsync(string container) =>
        (await _client.UnaryAsync(Runtime + "ContainerStats", new ContainerStatsRequest { ContainerId = container }, ContainerStatsResponse.Parser)).Stats;

    private async Task UpdateMemoryAsync(string container, long bytes) =>
        await _client.UnaryAsync(Runtime + "UpdateContainerResources",
            new UpdateContainerResourcesRequest { ContainerId = container, Linux = new LinuxContainerResources { MemoryLimitInBytes = bytes } },
            UpdateContainerResourcesResponse.Parser, TimeSpan.FromMinutes(1));

    /// <summary>Whether systemd has dropped the unit (or holds it only as inactive), within a few seconds.</summary>
    private Task<bool> UnitGoneAsync(string unit) =>
        Eventually.TrueAsync(async () => await _units.GetActiveStateAsync(unit) is null or "inactive", TimeSpan.FromSeconds(10));

    /// <summary>Host PIDs in a cgroup of systemd's tree (the pids hierarchy), this cgroup only.</summary>
    private List<int> PidsIn(string cgroup)
    {
        var procs = _systemd.CgroupRoot(_systemd.IsUnified ? "" : "pids") + cgroup + "/cgroup.procs";
        return File.Exists(procs) ? File.ReadAllLines(procs).Where(l => l.Length > 0).Select(int.Parse).Order().ToList() : [];
    }

    /// <summary>The command names of the processes in a cgroup of systemd's tree.</summary>
    private string[] ProcessesIn(string cgroup) =>
        PidsIn(cgroup).Select(pid => File.ReadAllText($"/proc/{pid}/comm").Trim()).ToArray();

    /// <summary>The command names of the processes in a cgroup of systemd's tree and in the cgroups below it.</summary>
    private string[] ProcessesUnder(string cgroup)
    {
        var directory = _systemd.CgroupRoot(_systemd.IsUnified ? "" : "pids") + cgroup;
        return Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).Append(directory)
                .SelectMany(d => ProcessesIn(cgroup + d[directory.Length..])).ToArray()
            : [];
    }

    private static void RemoveCgroupTree(string path)
    {
        foreach (var child in Directory.GetDirectories(path))
            RemoveCgroupTree(child);
        Directory.Delete(path);
    }
}
