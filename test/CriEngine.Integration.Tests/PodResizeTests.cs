using System.Text.Json.Nodes;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;
using Google.Protobuf;

namespace CriEngine.Integration.Tests;

/// <summary>
/// UpdatePodSandboxResources on the real daemon with runc and cgroupfs (this host's v1
/// hierarchies): the pod's cgroup, made by the test as the kubelet makes it, read back after a
/// resize, after a daemon restart and after a refusal.
/// </summary>
[Category("Integration")]
public sealed class PodResizeTests
{
    private const string Runtime = PodTestBed.Runtime;
    private const long MiB = 1024 * 1024;

    private PodTestBed _bed = null!;
    private PodSandboxConfig _podConfig = null!;
    private string _podCgroup = null!;
    private string _pod = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        _podConfig = _bed.PodConfig("resized");
        // The kubelet's pod cgroup, on CPU 0 alone: a v1 cpuset may grow under its children, never shrink.
        _podCgroup = _bed.CgroupParent + "/pod" + _podConfig.Metadata.Uid;
        foreach (var (level, cpus) in new[] { (_bed.CgroupParent, "0-1"), (_podCgroup, "0") })
        {
            Directory.CreateDirectory("/sys/fs/cgroup/cpuset" + level);
            File.WriteAllText($"/sys/fs/cgroup/cpuset{level}/cpuset.cpus", cpus);
            File.WriteAllText($"/sys/fs/cgroup/cpuset{level}/cpuset.mems", "0");
        }
        _podConfig.Linux.CgroupParent = _podCgroup;
        _pod = await _bed.RunPodAsync(_podConfig);
        await _bed.PullBusyboxAsync();
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    private string Cgroup(string controller, string file) => File.ReadAllText($"/sys/fs/cgroup/{controller}{_podCgroup}/{file}").Trim();

    private Dictionary<string, string> Limits() => new()
    {
        ["cpu.shares"] = Cgroup("cpu", "cpu.shares"),
        ["cpu.cfs_quota_us"] = Cgroup("cpu", "cpu.cfs_quota_us"),
        ["cpu.cfs_period_us"] = Cgroup("cpu", "cpu.cfs_period_us"),
        ["cpuset.cpus"] = Cgroup("cpuset", "cpuset.cpus"),
        ["memory.limit_in_bytes"] = Cgroup("memory", "memory.limit_in_bytes"),
    };

    private Task ResizeAsync(string pod, LinuxContainerResources resources, LinuxContainerResources? overhead = null) =>
        _bed.Client.UnaryAsync(Runtime + "UpdatePodSandboxResources",
            new UpdatePodSandboxResourcesRequest { PodSandboxId = pod, Resources = resources, Overhead = overhead }, UpdatePodSandboxResourcesResponse.Parser);

    /// <summary>The pod-level resources PodSandboxStatus reports (verbose info "resources"), or null.</summary>
    private async Task<LinuxContainerResources?> ReportedAsync()
    {
        var status = await _bed.Client.UnaryAsync(Runtime + "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = _pod, Verbose = true }, PodSandboxStatusResponse.Parser);
        return status.Info.TryGetValue("resources", out var json) ? JsonParser.Default.Parse<LinuxContainerResources>(json) : null;
    }

    private static LinuxContainerResources Wanted => new()
    {
        CpuShares = 512, CpuQuota = 50_000, CpuPeriod = 100_000, CpusetCpus = "0-1", MemoryLimitInBytes = 200 * MiB,
    };

    [Test]
    public async Task Resize_with_overhead_reaches_the_pods_cgroup_and_its_status_and_outlives_a_daemon_restart()
    {
        await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("main", "sleep", "3600"));

        await ResizeAsync(_pod, Wanted, new LinuxContainerResources { CpuShares = 100, CpuQuota = 10_000, CpuPeriod = 100_000, MemoryLimitInBytes = 16 * MiB });

        var expected = new Dictionary<string, string>
        {
            ["cpu.shares"] = "612", ["cpu.cfs_quota_us"] = "60000", ["cpu.cfs_period_us"] = "100000", ["cpuset.cpus"] = "0-1",
            ["memory.limit_in_bytes"] = (216 * MiB).ToString(),
        };
        Assert.That(Limits(), Is.EqualTo(expected), "the containers' sum plus the overhead");
        var reported = await ReportedAsync();
        Assert.That(reported?.MemoryLimitInBytes, Is.EqualTo(216 * MiB));
        Assert.That(reported?.CpuQuota, Is.EqualTo(60_000));
        Assert.That(reported?.CpusetCpus, Is.EqualTo("0-1"));

        await _bed.RestartAfterCrashAsync();

        Assert.That(await ReportedAsync(), Is.EqualTo(reported), "the record keeps it");
        Assert.That(Limits(), Is.EqualTo(expected));
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(_bed.Layout.Root, "state", "pods", _pod + ".json")))!;
        Assert.That(record["resizing"], Is.Null, "no resize left half done");
    }

    [Test]
    public async Task Memory_below_usage_is_refused_and_leaves_every_limit_as_it_was()
    {
        // 48 MiB in the pod's shm: tmpfs pages charged to the pod that no reclaim can take back.
        await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("filler", "sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=48 && sleep 3600"));
        Assert.That(await Eventually.TrueAsync(() => long.Parse(Cgroup("memory", "memory.usage_in_bytes")) > 48 * MiB, TimeSpan.FromSeconds(30)), Is.True, "the filler wrote its 48 MiB");
        var before = Limits();

        var error = Assert.ThrowsAsync<RpcException>(() => ResizeAsync(_pod, new LinuxContainerResources { CpuShares = 256, MemoryLimitInBytes = 24 * MiB }));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain(_pod).And.Contain("cannot decrease memory limit to " + 24 * MiB));
        Assert.That(Limits(), Is.EqualTo(before), "nothing changed, the cpu shares included");
        Assert.That(await ReportedAsync(), Is.Null, "no resize is in force");
    }

    [Test]
    public async Task Limits_the_host_cannot_apply_are_refused_with_the_reason_and_change_nothing()
    {
        await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("main", "sleep", "3600"));
        await ResizeAsync(_pod, Wanted);
        var before = Limits();

        var outside = Assert.ThrowsAsync<RpcException>(() => ResizeAsync(_pod, new LinuxContainerResources { CpuShares = 256, CpusetCpus = "0-63" }));
        var shrunk = Assert.ThrowsAsync<RpcException>(() => ResizeAsync(_pod, new LinuxContainerResources { CpuShares = 256, MemoryLimitInBytes = 300 * MiB, CpusetCpus = "1" }));
        var unknown = Assert.ThrowsAsync<RpcException>(() => ResizeAsync("0123456789abcdef", Wanted));

        Assert.That(outside!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(outside.Message, Does.Contain(_pod).And.Contain("cpuset_cpus \"0-63\""));
        Assert.That(shrunk!.Code, Is.EqualTo(StatusCode.FailedPrecondition), "cgroup v1 refuses a cpuset its children's are not within: " + shrunk.Message);
        Assert.That(shrunk.Message, Does.Contain("cpuset.cpus = \"1\""));
        Assert.That(unknown!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(Limits(), Is.EqualTo(before), "the shares written before the cpuset was refused are back");
        Assert.That((await ReportedAsync())?.MemoryLimitInBytes, Is.EqualTo(200 * MiB), "the last resize stays in force");

        await _bed.Client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = _pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        var stopped = Assert.ThrowsAsync<RpcException>(() => ResizeAsync(_pod, Wanted));
        Assert.That(stopped!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(stopped.Message, Does.Contain(_pod).And.Contain("not ready"));
    }

    [Test]
    public async Task Resize_a_crash_cut_short_is_applied_again_at_start()
    {
        await _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig("main", "sleep", "3600"));
        // What the record holds when the daemon dies between its first and last cgroup write.
        var recordPath = Path.Combine(_bed.Layout.Root, "state", "pods", _pod + ".json");
        var record = JsonNode.Parse(File.ReadAllText(recordPath))!;
        record["resizing"] = new UpdatePodSandboxResourcesRequest { Resources = new LinuxContainerResources { CpuShares = 768, MemoryLimitInBytes = 100 * MiB } }.ToByteString().ToBase64();
        File.WriteAllText(recordPath, record.ToJsonString());

        await _bed.RestartAfterCrashAsync();

        Assert.That(Cgroup("cpu", "cpu.shares"), Is.EqualTo("768"));
        Assert.That(Cgroup("memory", "memory.limit_in_bytes"), Is.EqualTo((100 * MiB).ToString()));
        Assert.That((await ReportedAsync())?.CpuShares, Is.EqualTo(768));
        Assert.That(JsonNode.Parse(File.ReadAllText(recordPath))!["resizing"], Is.Null);
        Assert.That(await _bed.Daemon.WaitForOutputAsync("cut short by the previous daemon's end was applied again", TimeSpan.FromSeconds(5)), Is.True);
    }
}
