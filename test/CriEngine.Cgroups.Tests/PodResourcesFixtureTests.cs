using CriEngine.Grpc;
using CriEngine.TestSupport;

namespace CriEngine.Cgroups.Tests;

/// <summary>
/// Pod-level limits written by the cgroupfs manager into fake v1 hierarchies and a fake cgroup2
/// tree: the files runc writes, in an order the kernel accepts, and all put back when one fails.
/// </summary>
public class PodResourcesFixtureTests
{
    private const string PodParent = "/kubepods/burstable/pod7d2a";
    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp() => _root = new TempDirectory("criengine-podlimits");

    [TearDown]
    public void TearDown() => _root.Dispose();

    private string Read(string path) => File.ReadAllText(_root.Combine(path)).Trim();

    private CgroupfsManager V1(params string[] controllers) =>
        new(CgroupLayout.V1(controllers.Select(c => new CgroupHierarchy(_root.Combine(c), [c])).ToList(), _root.Combine("unified")), new TestLogger());

    private CgroupfsManager V2() => new(CgroupLayout.Unified(_root.Path), new TestLogger());

    private void V1Files()
    {
        _root.Write("cpu/kubepods/burstable/pod7d2a/cpu.shares", "1024\n");
        _root.Write("cpu/kubepods/burstable/pod7d2a/cpu.cfs_period_us", "100000\n");
        _root.Write("cpu/kubepods/burstable/pod7d2a/cpu.cfs_quota_us", "-1\n");
        _root.Write("cpuset/kubepods/burstable/pod7d2a/cpuset.cpus", "0-3\n");
        _root.Write("cpuset/kubepods/burstable/pod7d2a/cpuset.mems", "0\n");
        _root.Write("memory/kubepods/burstable/pod7d2a/memory.limit_in_bytes", "9223372036854771712\n");
        _root.Write("memory/kubepods/burstable/pod7d2a/memory.memsw.limit_in_bytes", "9223372036854771712\n");
        _root.Write("hugetlb/kubepods/burstable/pod7d2a/hugetlb.2MB.limit_in_bytes", "9223372036854771712\n");
    }

    private void V2Files()
    {
        foreach (var (file, text) in new[] { ("cpu.weight", "100"), ("cpu.max", "max 100000"), ("cpuset.cpus", ""), ("cpuset.mems", ""), ("memory.max", "max"), ("memory.swap.max", "max"), ("hugetlb.2MB.max", "max"), ("memory.oom.group", "0") })
            _root.Write($"kubepods/burstable/pod7d2a/{file}", text + "\n");
    }

    [Test]
    public async Task V1_limits_go_to_each_controllers_hierarchy()
    {
        V1Files();
        var manager = V1("cpu", "cpuset", "memory", "hugetlb");

        await manager.UpdatePodResourcesAsync(manager.PodCgroupFor("p1", PodParent), new CgroupResources
        {
            CpuShares = 512, CpuQuota = 50000, CpuPeriod = 100000, CpusetCpus = "0-1", CpusetMems = "0",
            MemoryLimit = 256L << 20, MemorySwap = 512L << 20, HugepageLimits = new Dictionary<string, ulong> { ["2MB"] = 4UL << 20 },
        });

        Assert.That(Read("cpu/kubepods/burstable/pod7d2a/cpu.shares"), Is.EqualTo("512"));
        Assert.That(Read("cpu/kubepods/burstable/pod7d2a/cpu.cfs_quota_us"), Is.EqualTo("50000"));
        Assert.That(Read("cpu/kubepods/burstable/pod7d2a/cpu.cfs_period_us"), Is.EqualTo("100000"));
        Assert.That(Read("cpuset/kubepods/burstable/pod7d2a/cpuset.cpus"), Is.EqualTo("0-1"));
        Assert.That(Read("memory/kubepods/burstable/pod7d2a/memory.limit_in_bytes"), Is.EqualTo((256L << 20).ToString()));
        Assert.That(Read("memory/kubepods/burstable/pod7d2a/memory.memsw.limit_in_bytes"), Is.EqualTo((512L << 20).ToString()));
        Assert.That(Read("hugetlb/kubepods/burstable/pod7d2a/hugetlb.2MB.limit_in_bytes"), Is.EqualTo((4L << 20).ToString()));
    }

    [Test]
    public async Task V2_limits_go_to_the_unified_files_with_runcs_conversions()
    {
        V2Files();
        var manager = V2();

        await manager.UpdatePodResourcesAsync(manager.PodCgroupFor("p1", PodParent), new CgroupResources
        {
            CpuShares = 1024, CpuQuota = 150000, CpusetCpus = "1", MemoryLimit = 256L << 20, MemorySwap = 384L << 20,
            HugepageLimits = new Dictionary<string, ulong> { ["2MB"] = 0 },
            Unified = new Dictionary<string, string> { ["memory.oom.group"] = "1" },
        });

        Assert.That(Read("kubepods/burstable/pod7d2a/cpu.weight"), Is.EqualTo("39"), "runc's shares-to-weight");
        Assert.That(Read("kubepods/burstable/pod7d2a/cpu.max"), Is.EqualTo("150000 100000"), "the period in force is kept");
        Assert.That(Read("kubepods/burstable/pod7d2a/cpuset.cpus"), Is.EqualTo("1"));
        Assert.That(Read("kubepods/burstable/pod7d2a/memory.max"), Is.EqualTo((256L << 20).ToString()));
        Assert.That(Read("kubepods/burstable/pod7d2a/memory.swap.max"), Is.EqualTo((128L << 20).ToString()), "swap alone: memory+swap minus memory");
        Assert.That(Read("kubepods/burstable/pod7d2a/hugetlb.2MB.max"), Is.EqualTo("0"));
        Assert.That(Read("kubepods/burstable/pod7d2a/memory.oom.group"), Is.EqualTo("1"));
    }

    [Test]
    public async Task V1_memory_and_swap_are_written_in_the_order_that_keeps_memory_within_memory_plus_swap()
    {
        V1Files();
        _root.Write("memory/kubepods/burstable/pod7d2a/memory.limit_in_bytes", (64L << 20) + "\n");
        _root.Write("memory/kubepods/burstable/pod7d2a/memory.memsw.limit_in_bytes", (64L << 20) + "\n");
        var manager = V1("memory");
        var order = new List<string>();
        using var watcher = new FileSystemWatcher(_root.Combine("memory/kubepods/burstable/pod7d2a")) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size };
        watcher.Changed += (_, e) => { lock (order) order.Add(e.Name!); };
        watcher.EnableRaisingEvents = true;

        await manager.UpdatePodResourcesAsync(manager.PodCgroupFor("p1", PodParent), new CgroupResources { MemoryLimit = 128L << 20, MemorySwap = 128L << 20 });

        Assert.That(await Eventually.TrueAsync(() => { lock (order) return order.Distinct().Count() == 2; }, TimeSpan.FromSeconds(5)), Is.True);
        lock (order)
            Assert.That(order.Distinct(), Is.EqualTo(new[] { "memory.memsw.limit_in_bytes", "memory.limit_in_bytes" }), "raising: memory+swap first");
    }

    [Test]
    public void A_refused_write_puts_back_every_file_written_before_it()
    {
        V2Files();
        // A file that reads but refuses writes (EIO) where memory.max should be: it fails after cpu.weight and cpu.max went through.
        File.Delete(_root.Combine("kubepods/burstable/pod7d2a/memory.max"));
        File.CreateSymbolicLink(_root.Combine("kubepods/burstable/pod7d2a/memory.max"), "/proc/version");
        var manager = V2();

        var error = Assert.ThrowsAsync<RpcException>(() => manager.UpdatePodResourcesAsync(manager.PodCgroupFor("p1", PodParent),
            new CgroupResources { CpuShares = 2048, CpuQuota = 20000, CpuPeriod = 50000, MemoryLimit = 64L << 20 }));

        Assert.That(error!.Message, Does.Contain("pod p1").And.Contain("memory.max = \"67108864\" refused"));
        Assert.That(Read("kubepods/burstable/pod7d2a/cpu.weight"), Is.EqualTo("100"));
        Assert.That(Read("kubepods/burstable/pod7d2a/cpu.max"), Is.EqualTo("max 100000"));
    }

    [Test]
    public void Unknown_and_tree_changing_unified_keys_are_refused_before_any_write()
    {
        V2Files();
        var manager = V2();

        foreach (var key in new[] { "cgroup.subtree_control", "memory.nosuch", "../cpu.weight" })
        {
            var error = Assert.ThrowsAsync<RpcException>(() => manager.UpdatePodResourcesAsync(manager.PodCgroupFor("p1", PodParent),
                new CgroupResources { CpuShares = 2048, Unified = new Dictionary<string, string> { [key] = "1" } }));
            Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument), key);
            Assert.That(error.Message, Does.Contain(key));
        }
        Assert.That(Read("kubepods/burstable/pod7d2a/cpu.weight"), Is.EqualTo("100"), "nothing written");
    }

    [Test]
    public void Unified_settings_on_cgroup_v1_and_a_shared_parent_are_refused()
    {
        V1Files();
        var manager = V1("cpu", "memory");

        var unified = Assert.ThrowsAsync<RpcException>(() => manager.UpdatePodResourcesAsync(manager.PodCgroupFor("p1", PodParent),
            new CgroupResources { CpuShares = 2048, Unified = new Dictionary<string, string> { ["memory.oom.group"] = "1" } }));
        var shared = Assert.ThrowsAsync<RpcException>(() => manager.UpdatePodResourcesAsync(manager.PodCgroupFor("p1", ""), new CgroupResources { CpuShares = 2048 }));

        Assert.That(unified!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(unified.Message, Does.Contain("cgroup v2"));
        Assert.That(shared!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(shared.Message, Does.Contain("/crio").And.Contain("shared"));
        Assert.That(Read("cpu/kubepods/burstable/pod7d2a/cpu.shares"), Is.EqualTo("1024"));
    }

    [Test]
    public void Cpuset_lists_parse_and_become_systemds_masks()
    {
        var set = CpusetList.Parse("0-2, 9", "cpus");

        Assert.That(set, Is.EqualTo(new[] { 0, 1, 2, 9 }));
        Assert.That(CpusetList.ToMask(set), Is.EqualTo(new byte[] { 0b0000_0111, 0b0000_0010 }));
        Assert.That(Assert.Throws<RpcException>(() => CpusetList.Parse("3-1", "cpus"))!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(CpusetList.OnlineCpus(), Does.Contain(0));
    }
}
