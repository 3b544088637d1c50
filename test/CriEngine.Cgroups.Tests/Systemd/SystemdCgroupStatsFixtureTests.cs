using CriEngine.Cgroups.Systemd;
using CriEngine.DBus;
using CriEngine.Grpc;
using CriEngine.TestSupport;

namespace CriEngine.Cgroups.Tests.Systemd;

/// <summary>Stats of the systemd manager on fake trees: the cgroups systemd and runc's systemd driver make, on v2 and on v1 with cpuacct apart from cpu.</summary>
public class SystemdCgroupStatsFixtureTests
{
    private const string Slice = "kubepods-burstable-pod7d2a.slice";
    private const string SlicePath = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7d2a.slice";
    private TempDirectory _root = null!;
    private DBusClient _bus = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new TempDirectory("criengine-systemd-stats");
        _bus = new DBusClient([DBusEndpoint.Direct(_root.Combine("no-systemd-here"))]);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bus.DisposeAsync();
        _root.Dispose();
    }

    private SystemdCgroupManager Manager(CgroupLayout layout) => new(layout, new SystemdManager(_bus), new TestLogger());

    [Test]
    public async Task V2_container_stats_come_from_its_crio_scope_in_the_pods_slice()
    {
        var scope = SlicePath + "/crio-c1.scope/";
        _root.Write(scope + "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
        _root.Write(scope + "memory.current", "52428800\n");
        _root.Write(scope + "memory.max", "104857600\n");
        _root.Write(scope + "memory.stat", "anon 20971520\ninactive_file 10485760\npgfault 12345\npgmajfault 7\n");
        _root.Write(scope + "pids.current", "3\n");
        var manager = Manager(CgroupLayout.Unified(_root.Path));

        var stats = await manager.ReadContainerStatsAsync(manager.PodCgroupFor("p1", Slice), "c1");

        Assert.That(stats.CpuUsageCoreNanoSeconds, Is.EqualTo(2_500_000_000UL));
        Assert.That(stats.Memory, Is.EqualTo(new CgroupMemoryStats(
            UsageBytes: 52_428_800, WorkingSetBytes: 52_428_800 - 10_485_760, RssBytes: 20_971_520,
            PageFaults: 12_345, MajorPageFaults: 7, LimitBytes: 104_857_600, AvailableBytes: 104_857_600 - (52_428_800 - 10_485_760))));
        Assert.That(stats.ProcessCount, Is.EqualTo(3UL));
    }

    [Test]
    public async Task V2_pod_stats_come_from_the_pods_slice()
    {
        _root.Write(SlicePath + "/cpu.stat", "usage_usec 9000000\n");
        _root.Write(SlicePath + "/pids.current", "5\n");
        var manager = Manager(CgroupLayout.Unified(_root.Path));

        var stats = await manager.ReadPodStatsAsync(manager.PodCgroupFor("p1", Slice));

        Assert.That(stats.CpuUsageCoreNanoSeconds, Is.EqualTo(9_000_000_000UL));
        Assert.That(stats.ProcessCount, Is.EqualTo(5UL));
    }

    [Test]
    public async Task V1_container_stats_read_cpuacct_memory_and_pids_hierarchies_under_the_scope()
    {
        var hierarchies = new[] { "cpu", "cpuacct", "memory", "pids" }.Select(c => new CgroupHierarchy(_root.Combine(c), [c])).ToList();
        var scope = SlicePath + "/crio-c1.scope/";
        _root.Write("cpuacct/" + scope + "cpuacct.usage", "1234567\n");
        _root.Write("memory/" + scope + "memory.usage_in_bytes", "4096000\n");
        _root.Write("memory/" + scope + "memory.limit_in_bytes", "9223372036854771712\n");
        _root.Write("memory/" + scope + "memory.stat", "total_inactive_file 96000\ntotal_rss 2000000\ntotal_pgfault 10\ntotal_pgmajfault 1\n");
        _root.Write("pids/" + scope + "pids.current", "2\n");
        var manager = Manager(CgroupLayout.V1(hierarchies, _root.Combine("unified")));

        var stats = await manager.ReadContainerStatsAsync(manager.PodCgroupFor("p1", Slice), "c1");

        Assert.That(stats.CpuUsageCoreNanoSeconds, Is.EqualTo(1_234_567UL));
        Assert.That(stats.Memory!.WorkingSetBytes, Is.EqualTo(4_000_000UL));
        Assert.That(stats.Memory.LimitBytes, Is.Null, "no limit");
        Assert.That(stats.ProcessCount, Is.EqualTo(2UL));
    }

    [Test]
    public void Stats_of_a_scope_systemd_has_removed_are_not_found_with_its_path()
    {
        var manager = Manager(CgroupLayout.Unified(_root.Path));

        var error = Assert.ThrowsAsync<RpcException>(() => manager.ReadContainerStatsAsync(manager.PodCgroupFor("p1", Slice), "gone"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain("/" + SlicePath + "/crio-gone.scope"));
    }
}
