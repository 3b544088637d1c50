using CriEngine.TestSupport;

namespace CriEngine.Cgroups.Tests;

/// <summary>v1 stats on fake hierarchies laid out as on this machine: cpuacct apart from cpu, memory, pids.</summary>
public class CgroupV1StatsTests
{
    private const string Container = "/crio/crio-c1";
    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp() => _root = new TempDirectory("criengine-cgroup1");

    [TearDown]
    public void TearDown() => _root.Dispose();

    private CgroupStatsReader Reader(params string[] controllers) =>
        new(CgroupLayout.V1(controllers.Select(c => new CgroupHierarchy(_root.Combine(c), [c])).ToList(), _root.Combine("unified")));

    private void WriteContainer(string limit)
    {
        _root.Write("cpuacct/crio/crio-c1/cpuacct.usage", "5335543228\n");
        _root.Write("memory/crio/crio-c1/memory.usage_in_bytes", "41943040\n");
        _root.Write("memory/crio/crio-c1/memory.limit_in_bytes", limit + "\n");
        // The per-cgroup keys differ from the hierarchical total_ ones on purpose: the totals count.
        _root.Write("memory/crio/crio-c1/memory.stat", """
            cache 100
            rss 200
            pgfault 300
            pgmajfault 400
            inactive_file 500
            hierarchical_memory_limit 9223372036854771712
            total_cache 20971520
            total_mapped_file 1048576
            total_rss 16777216
            total_pgfault 9876
            total_pgmajfault 12
            total_inactive_anon 0
            total_active_anon 16777216
            total_inactive_file 8388608
            total_active_file 12582912

            """);
        _root.Write("pids/crio/crio-c1/pids.current", "2\n");
    }

    [Test]
    public async Task Stats_come_from_cpuacct_usage_memory_usage_and_the_hierarchical_memory_stat()
    {
        WriteContainer(limit: "9223372036854771712");

        var stats = Reader("cpuacct", "memory", "pids").Read(Container);

        Assert.That(stats.CpuUsageCoreNanoSeconds, Is.EqualTo(5_335_543_228UL));
        Assert.That(stats.Memory, Is.EqualTo(new CgroupMemoryStats(
            UsageBytes: 41_943_040, WorkingSetBytes: 41_943_040 - 8_388_608, RssBytes: 16_777_216,
            PageFaults: 9876, MajorPageFaults: 12, LimitBytes: null, AvailableBytes: null) { CacheBytes = 20_971_520, MappedFileBytes = 1_048_576 }));
        Assert.That(stats.ProcessCount, Is.EqualTo(2UL));
    }

    [Test]
    public async Task Cpu_modes_come_from_cpuacct_stat_throttling_from_the_cpu_hierarchy_and_oom_kills_from_oom_control()
    {
        WriteContainer(limit: "67108864");
        _root.Write("cpuacct/crio/crio-c1/cpuacct.stat", "user 420\nsystem 80\n");
        _root.Write("cpu/crio/crio-c1/cpu.stat", "nr_periods 25\nnr_throttled 4\nthrottled_time 123456789\n");
        _root.Write("memory/crio/crio-c1/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        _root.Write("memory/crio/crio-c1/memory.kmem.usage_in_bytes", "2097152\n");
        _root.Write("memory/crio/crio-c1/memory.max_usage_in_bytes", "50331648\n");
        _root.Write("memory/crio/crio-c1/memory.failcnt", "6\n");

        var stats = Reader("cpuacct", "cpu", "memory", "pids").Read(Container);

        Assert.That(stats.Cpu, Is.EqualTo(new CgroupCpuDetail(
            UserNanoSeconds: 4_200_000_000, SystemNanoSeconds: 800_000_000, Periods: 25, ThrottledPeriods: 4, ThrottledNanoSeconds: 123_456_789)));
        Assert.That(stats.OomKills, Is.EqualTo(1UL));
        Assert.That((stats.Memory!.KernelBytes, stats.Memory.MaxUsageBytes, stats.Memory.LimitHits), Is.EqualTo(((ulong?)2_097_152, (ulong?)50_331_648, (ulong?)6)));
        Assert.That(stats.Memory!.SwapBytes, Is.Null, "no swap accounting: no total_swap");
    }

    [Test]
    public async Task Swap_available_is_the_memsw_limit_less_memsw_usage_and_v1_has_no_pressure()
    {
        WriteContainer(limit: "67108864");
        _root.Write("memory/crio/crio-c1/memory.memsw.limit_in_bytes", "134217728\n");
        _root.Write("memory/crio/crio-c1/memory.memsw.usage_in_bytes", "41951232\n");

        var stats = Reader("cpuacct", "memory", "pids").Read(Container);
        _root.Write("memory/crio/crio-c1/memory.memsw.limit_in_bytes", "9223372036854771712\n");
        var unlimited = Reader("cpuacct", "memory", "pids").Read(Container);

        Assert.That(stats.Memory!.SwapAvailableBytes, Is.EqualTo(134_217_728UL - 41_951_232UL));
        Assert.That(unlimited.Memory!.SwapAvailableBytes, Is.Null, "the page-rounded maximum is no limit");
        Assert.That((stats.CpuPressure, stats.MemoryPressure, stats.IoPressure), Is.EqualTo(((CgroupPressure?)null, (CgroupPressure?)null, (CgroupPressure?)null)));
    }

    [Test]
    public async Task Processes_threads_and_the_task_limit_come_from_the_pids_hierarchy()
    {
        WriteContainer(limit: "67108864");
        _root.Write("pids/crio/crio-c1/cgroup.procs", "7\n");
        _root.Write("pids/crio/crio-c1/tasks", "7\n8\n9\n");
        _root.Write("pids/crio/crio-c1/pids.max", "max\n");

        var stats = Reader("cpuacct", "memory", "pids").Read(Container);

        Assert.That(stats.ProcessIds, Is.EqualTo(new[] { 7 }));
        Assert.That(stats.ThreadCount, Is.EqualTo(3UL));
        Assert.That(stats.ThreadLimit, Is.Null, "no limit");
    }

    [Test]
    public async Task Memory_limit_in_bytes_below_the_page_rounded_maximum_is_a_limit()
    {
        WriteContainer(limit: "67108864");

        var memory = Reader("cpuacct", "memory", "pids").Read(Container).Memory!;

        Assert.That(memory.LimitBytes, Is.EqualTo(67_108_864UL));
        Assert.That(memory.AvailableBytes, Is.EqualTo(67_108_864UL - (41_943_040 - 8_388_608)));
    }

    [Test]
    public async Task Working_set_never_goes_below_zero()
    {
        WriteContainer(limit: "9223372036854771712");
        _root.Write("memory/crio/crio-c1/memory.stat", "total_inactive_file 50000000\n");

        var memory = Reader("cpuacct", "memory", "pids").Read(Container).Memory!;

        Assert.That(memory.WorkingSetBytes, Is.Zero);
    }

    [Test]
    public async Task Host_without_a_cpuacct_hierarchy_reports_no_cpu_usage()
    {
        WriteContainer(limit: "9223372036854771712");

        var stats = Reader("memory", "pids").Read(Container);

        Assert.That(stats.CpuUsageCoreNanoSeconds, Is.Null);
        Assert.That(stats.Memory, Is.Not.Null);
    }

    [Test]
    public void Cgroup_in_no_hierarchy_is_not_found()
    {
        var error = Assert.Throws<Grpc.RpcException>(() => Reader("cpuacct", "memory", "pids").Read(Container));

        Assert.That(error!.Code, Is.EqualTo(Grpc.StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain(Container));
    }
}
