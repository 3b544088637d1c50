using CriEngine.TestSupport;

namespace CriEngine.Cgroups.Tests;

/// <summary>The v2 paths of the cgroupfs manager on a fake cgroup2 tree: the files a kernel and a kubelet would leave.</summary>
public class CgroupfsV2FixtureTests
{
    private const string PodParent = "/kubepods/burstable/pod7d2a";
    private TempDirectory _root = null!;
    private CgroupfsManager _manager = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new TempDirectory("criengine-cgroup2");
        _manager = new CgroupfsManager(CgroupLayout.Unified(_root.Path), new TestLogger());
    }

    [TearDown]
    public void TearDown() => _root.Dispose();

    private void Level(string path, string controllers, string subtreeControl)
    {
        _root.Write(Path.Join(path, "cgroup.controllers"), controllers + "\n");
        _root.Write(Path.Join(path, "cgroup.subtree_control"), subtreeControl == "" ? "" : subtreeControl + "\n");
    }

    private string Read(string path) => File.ReadAllText(_root.Combine(path));

    [Test]
    public async Task Pod_cgroup_gets_every_available_controller_enabled_on_each_level_above_it()
    {
        Level("", "cpuset cpu io memory hugetlb pids rdma misc", "cpu memory pids");
        Level("kubepods", "cpuset cpu io memory pids", "cpuset cpu io memory pids");
        Level("kubepods/burstable", "cpuset cpu io memory pids", "");
        Level("kubepods/burstable/pod7d2a", "cpu memory", "memory");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        await _manager.CreatePodCgroupAsync(pod);

        Assert.That(Read("cgroup.subtree_control"), Is.EqualTo("+cpuset +io +hugetlb +rdma +misc"));
        Assert.That(Read("kubepods/cgroup.subtree_control"), Is.EqualTo("cpuset cpu io memory pids\n"), "nothing was missing");
        Assert.That(Read("kubepods/burstable/cgroup.subtree_control"), Is.EqualTo("+cpuset +cpu +io +memory +pids"));
        Assert.That(Read("kubepods/burstable/pod7d2a/cgroup.subtree_control"), Is.EqualTo("+cpu"));
        Assert.That(Directory.Exists(_root.Combine("kubepods/burstable/pod7d2a/crio-p1")), Is.True);
        Assert.That(File.Exists(_root.Combine("kubepods/burstable/pod7d2a/crio-p1/cgroup.subtree_control")), Is.False,
            "the pod's own cgroup holds processes, so no controller is enabled for children there");
    }

    [Test]
    public async Task Creating_a_pod_cgroup_again_changes_nothing()
    {
        Level("", "cpu memory pids", "cpu memory pids");
        Level("kubepods", "cpu memory pids", "cpu memory pids");
        Level("kubepods/burstable", "cpu memory pids", "cpu memory pids");
        Level("kubepods/burstable/pod7d2a", "cpu memory pids", "cpu memory pids");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        await _manager.CreatePodCgroupAsync(pod);
        await _manager.CreatePodCgroupAsync(pod);

        Assert.That(Directory.Exists(_root.Combine("kubepods/burstable/pod7d2a/crio-p1")), Is.True);
        foreach (var level in new[] { "", "kubepods", "kubepods/burstable", "kubepods/burstable/pod7d2a" })
            Assert.That(Read(Path.Join(level, "cgroup.subtree_control")), Is.EqualTo("cpu memory pids\n"), level);
    }

    [Test]
    public async Task Monitor_of_a_pod_is_written_into_its_own_cgroup_beside_the_container()
    {
        Level("", "cpu memory pids", "cpu memory pids");
        _root.Write("kubepods/burstable/pod7d2a/crio-conmon-c1/cgroup.procs", "");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var cgroup = await _manager.MoveMonitorAsync(pod, "c1", "pod", 4242);

        Assert.That(cgroup, Is.EqualTo("/kubepods/burstable/pod7d2a/crio-conmon-c1"));
        Assert.That(Read("kubepods/burstable/pod7d2a/crio-conmon-c1/cgroup.procs"), Is.EqualTo("4242"));
    }

    [Test]
    public async Task Container_stats_come_from_cpu_stat_memory_current_memory_stat_and_pids_current()
    {
        WriteContainer(memoryMax: "max");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var stats = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(stats.CpuUsageCoreNanoSeconds, Is.EqualTo(2_500_000_000UL));
        Assert.That(stats.Memory, Is.EqualTo(new CgroupMemoryStats(
            UsageBytes: 52_428_800, WorkingSetBytes: 52_428_800 - 10_485_760, RssBytes: 20_971_520,
            PageFaults: 12_345, MajorPageFaults: 7, LimitBytes: null, AvailableBytes: null) { CacheBytes = 31_457_280, MappedFileBytes = 4_194_304, KernelBytes = 1_048_576 }));
        Assert.That(stats.ProcessCount, Is.EqualTo(3UL));
        Assert.That(stats.TimestampNanos, Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000).Within(5_000_000_000L));
    }

    [Test]
    public async Task Cpu_modes_throttling_swap_and_oom_kills_come_from_cpu_stat_memory_swap_current_and_memory_events()
    {
        WriteContainer(memoryMax: "104857600");
        const string container = "kubepods/burstable/pod7d2a/crio-c1/";
        _root.Write(container + "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 40\nnr_throttled 3\nthrottled_usec 150000\nnr_bursts 0\nburst_usec 0\n");
        _root.Write(container + "memory.swap.current", "8192\n");
        _root.Write(container + "memory.events", "low 0\nhigh 0\nmax 9\noom 2\noom_kill 2\noom_group_kill 0\n");
        _root.Write(container + "memory.peak", "73400320\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var stats = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(stats.Cpu, Is.EqualTo(new CgroupCpuDetail(
            UserNanoSeconds: 2_000_000_000, SystemNanoSeconds: 500_000_000, Periods: 40, ThrottledPeriods: 3, ThrottledNanoSeconds: 150_000_000)));
        Assert.That(stats.Memory!.SwapBytes, Is.EqualTo(8192UL));
        Assert.That(stats.Memory.MaxUsageBytes, Is.EqualTo(73_400_320UL));
        Assert.That(stats.Memory.KernelBytes, Is.EqualTo(1_048_576UL), "memory.stat kernel");
        Assert.That(stats.OomKills, Is.EqualTo(2UL));
        Assert.That(stats.Memory.LimitHits, Is.EqualTo(9UL), "memory.events max");
    }

    [Test]
    public async Task Pressure_comes_from_the_cpu_memory_and_io_pressure_files_in_nanoseconds()
    {
        WriteContainer(memoryMax: "max");
        const string container = "kubepods/burstable/pod7d2a/crio-c1/";
        _root.Write(container + "cpu.pressure", "some avg10=1.50 avg60=0.75 avg300=0.10 total=2500\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        _root.Write(container + "memory.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=17\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=9\n");
        _root.Write(container + "io.pressure", "some avg10=12.25 avg60=3.00 avg300=1.00 total=900000\nfull avg10=10.00 avg60=2.50 avg300=0.75 total=800000\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var stats = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(stats.CpuPressure, Is.EqualTo(new CgroupPressure(new CgroupPressureLine(2_500_000, 1.5, 0.75, 0.1), new CgroupPressureLine(0, 0, 0, 0))));
        Assert.That(stats.MemoryPressure!.Some.TotalNanoSeconds, Is.EqualTo(17_000UL));
        Assert.That(stats.MemoryPressure.Full!.TotalNanoSeconds, Is.EqualTo(9_000UL));
        Assert.That(stats.IoPressure, Is.EqualTo(new CgroupPressure(new CgroupPressureLine(900_000_000, 12.25, 3, 1), new CgroupPressureLine(800_000_000, 10, 2.5, 0.75))));
    }

    [Test]
    public async Task Without_pressure_files_pressure_is_unknown_and_a_cpu_file_without_full_line_has_some_only()
    {
        WriteContainer(memoryMax: "max");
        const string container = "kubepods/burstable/pod7d2a/crio-c1/";
        _root.Write(container + "cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var stats = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(stats.CpuPressure, Is.EqualTo(new CgroupPressure(new CgroupPressureLine(5_000, 0, 0, 0), null)));
        Assert.That(stats.MemoryPressure, Is.Null);
        Assert.That(stats.IoPressure, Is.Null);
    }

    [Test]
    public void A_malformed_pressure_file_is_reported_with_its_file()
    {
        WriteContainer(memoryMax: "max");
        _root.Write("kubepods/burstable/pod7d2a/crio-c1/io.pressure", "some avg10=x avg60=0.00 avg300=0.00 total=5\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var error = Assert.ThrowsAsync<Grpc.RpcException>(() => _manager.ReadContainerStatsAsync(pod, "c1"));

        Assert.That(error!.Message, Does.Contain("crio-c1/io.pressure").And.Contain("avg10=x"));
    }

    [Test]
    public async Task Swap_available_is_memory_swap_max_less_memory_swap_current_and_unknown_without_a_swap_limit()
    {
        WriteContainer(memoryMax: "104857600");
        const string container = "kubepods/burstable/pod7d2a/crio-c1/";
        _root.Write(container + "memory.swap.current", "8192\n");
        _root.Write(container + "memory.swap.max", "65536\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var limited = await _manager.ReadContainerStatsAsync(pod, "c1");
        _root.Write(container + "memory.swap.max", "max\n");
        var unlimited = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(limited.Memory!.SwapAvailableBytes, Is.EqualTo(65536UL - 8192UL));
        Assert.That(unlimited.Memory!.SwapAvailableBytes, Is.Null);
    }

    [Test]
    public async Task Processes_threads_and_the_task_limit_come_from_cgroup_procs_cgroup_threads_and_pids_max()
    {
        WriteContainer(memoryMax: "max");
        const string container = "kubepods/burstable/pod7d2a/crio-c1/";
        _root.Write(container + "cgroup.procs", "41\n57\n");
        _root.Write(container + "cgroup.threads", "41\n57\n58\n59\n");
        _root.Write(container + "pids.max", "1024\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var stats = await _manager.ReadContainerStatsAsync(pod, "c1");
        _root.Write(container + "pids.max", "max\n");
        var unlimited = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(stats.ProcessIds, Is.EqualTo(new[] { 41, 57 }));
        Assert.That(stats.ThreadCount, Is.EqualTo(4UL));
        Assert.That(stats.ThreadLimit, Is.EqualTo(1024UL));
        Assert.That(unlimited.ThreadLimit, Is.Null);
    }

    [Test]
    public async Task Without_swap_accounting_and_memory_events_swap_and_oom_kills_are_unknown()
    {
        WriteContainer(memoryMax: "max");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var stats = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(stats.Memory!.SwapBytes, Is.Null);
        Assert.That(stats.OomKills, Is.Null);
        Assert.That(stats.Memory.MaxUsageBytes, Is.Null, "a kernel before 5.19 has no memory.peak");
        Assert.That(stats.Cpu!.ThrottledPeriods, Is.Zero);
        Assert.That(stats.ThreadCount, Is.Null, "no cgroup.threads");
        Assert.That(stats.ProcessIds, Is.Empty);
    }

    [Test]
    public async Task Available_memory_is_the_limit_less_the_working_set()
    {
        WriteContainer(memoryMax: "104857600");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var memory = (await _manager.ReadContainerStatsAsync(pod, "c1")).Memory!;

        Assert.That(memory.LimitBytes, Is.EqualTo(104_857_600UL));
        Assert.That(memory.AvailableBytes, Is.EqualTo(104_857_600UL - (52_428_800 - 10_485_760)));
    }

    [Test]
    public async Task Pod_stats_are_read_from_the_cgroup_parent_that_holds_every_container()
    {
        _root.Write("kubepods/burstable/pod7d2a/cpu.stat", "usage_usec 9000000\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var stats = await _manager.ReadPodStatsAsync(pod);

        Assert.That(stats.CpuUsageCoreNanoSeconds, Is.EqualTo(9_000_000_000UL));
    }

    [Test]
    public async Task Cgroup_without_memory_and_pids_controllers_reports_only_cpu()
    {
        _root.Write("kubepods/burstable/pod7d2a/crio-c1/cpu.stat", "usage_usec 10\nuser_usec 10\nsystem_usec 0\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var stats = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(stats.CpuUsageCoreNanoSeconds, Is.EqualTo(10_000UL));
        Assert.That(stats.Memory, Is.Null);
        Assert.That(stats.ProcessCount, Is.Null);
    }

    [Test]
    public void Stats_of_a_missing_cgroup_are_not_found_with_its_path()
    {
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var error = Assert.ThrowsAsync<Grpc.RpcException>(() => _manager.ReadContainerStatsAsync(pod, "gone"));

        Assert.That(error!.Code, Is.EqualTo(Grpc.StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain("/kubepods/burstable/pod7d2a/crio-gone"));
    }

    [Test]
    public void Malformed_memory_stat_is_reported_with_its_file()
    {
        WriteContainer(memoryMax: "max");
        _root.Write("kubepods/burstable/pod7d2a/crio-c1/memory.stat", "anon twelve\n");
        var pod = _manager.PodCgroupFor("p1", PodParent);

        var error = Assert.ThrowsAsync<Grpc.RpcException>(() => _manager.ReadContainerStatsAsync(pod, "c1"));

        Assert.That(error!.Message, Does.Contain("crio-c1/memory.stat").And.Contain("anon twelve"));
    }

    private void WriteContainer(string memoryMax)
    {
        const string container = "kubepods/burstable/pod7d2a/crio-c1/";
        _root.Write(container + "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
        _root.Write(container + "memory.current", "52428800\n");
        _root.Write(container + "memory.max", memoryMax + "\n");
        _root.Write(container + "memory.stat", """
            anon 20971520
            file 31457280
            file_mapped 4194304
            kernel 1048576
            shmem 0
            inactive_anon 0
            active_anon 20971520
            inactive_file 10485760
            active_file 20971520
            unevictable 0
            pgfault 12345
            pgmajfault 7

            """);
        _root.Write(container + "pids.current", "3\n");
    }
}
