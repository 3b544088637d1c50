using CriEngine.Grpc;

namespace CriEngine.Cgroups.Tests;

public class CgroupLayoutTests
{
    // This machine's mount table: v1 controllers, cpu and cpuacct apart, name=systemd, and an empty cgroup2.
    private const string HybridMountInfo = """
        22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    private const string UnifiedMountInfo = """
        25 18 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
        26 18 0:23 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:5 - pstore pstore rw
        """;

    private const string LegacyMountInfo = """
        30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,cpu,cpuacct
        31 25 0:27 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory
        32 25 0:27 / /run/other\040memory rw,relatime - cgroup cgroup rw,memory
        """;

    [Test]
    public void Hybrid_host_has_each_v1_hierarchy_and_the_cgroup2_mount()
    {
        var layout = CgroupLayout.FromMountInfo(HybridMountInfo);

        Assert.That(layout.Mode, Is.EqualTo(CgroupMode.Hybrid));
        Assert.That(layout.UnifiedMountPoint, Is.EqualTo("/sys/fs/cgroup/unified"));
        Assert.That(layout.V1Hierarchies.Select(h => h.MountPoint), Is.EqualTo(new[]
        {
            "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpuset", "/sys/fs/cgroup/memory",
            "/sys/fs/cgroup/devices", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/systemd",
        }));
        Assert.That(layout.V1MountOf("cpuacct"), Is.EqualTo("/sys/fs/cgroup/cpuacct"));
        Assert.That(layout.V1MountOf("name=systemd"), Is.EqualTo("/sys/fs/cgroup/systemd"));
        Assert.That(layout.V1MountOf("hugetlb"), Is.Null);
    }

    [Test]
    public void Mount_flags_are_not_taken_for_controllers()
    {
        var layout = CgroupLayout.FromMountInfo(HybridMountInfo);

        Assert.That(layout.V1Hierarchies.Single(h => h.MountPoint == "/sys/fs/cgroup/systemd").Controllers, Is.EqualTo(new[] { "name=systemd" }));
    }

    [Test]
    public void Unified_host_has_one_tree_and_no_v1_hierarchy()
    {
        var layout = CgroupLayout.FromMountInfo(UnifiedMountInfo);

        Assert.That(layout.Mode, Is.EqualTo(CgroupMode.Unified));
        Assert.That(layout.UnifiedMountPoint, Is.EqualTo("/sys/fs/cgroup"));
        Assert.That(layout.V1Hierarchies, Is.Empty);
    }

    [Test]
    public void Legacy_host_finds_cpuacct_in_a_hierarchy_shared_with_cpu_and_counts_a_hierarchy_mounted_twice_once()
    {
        var layout = CgroupLayout.FromMountInfo(LegacyMountInfo);

        Assert.That(layout.Mode, Is.EqualTo(CgroupMode.Legacy));
        Assert.That(layout.UnifiedMountPoint, Is.Null);
        Assert.That(layout.V1MountOf("cpuacct"), Is.EqualTo("/sys/fs/cgroup/cpu,cpuacct"));
        Assert.That(layout.V1Hierarchies.Select(h => h.MountPoint), Is.EqualTo(new[] { "/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/memory" }));
    }

    [Test]
    public void Escaped_mount_point_is_read_back_with_its_space()
    {
        var layout = CgroupLayout.FromMountInfo("32 25 0:27 / /run/my\\040cgroups rw,relatime - cgroup cgroup rw,memory\n");

        Assert.That(layout.V1MountOf("memory"), Is.EqualTo("/run/my cgroups"));
    }

    [Test]
    public void Host_without_cgroup_mounts_is_refused()
    {
        var error = Assert.Throws<RpcException>(() => CgroupLayout.FromMountInfo("26 18 0:23 / /sys/fs/pstore rw - pstore pstore rw\n"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain("no cgroup"));
    }

    [Test]
    public void This_host_has_a_memory_controller_where_its_mode_says()
    {
        var layout = CgroupLayout.Detect();

        var memory = layout.Mode == CgroupMode.Unified
            ? File.ReadAllText(Path.Join(layout.UnifiedMountPoint, "cgroup.controllers")).Split().Contains("memory")
            : File.Exists(Path.Join(layout.V1MountOf("memory"), "memory.usage_in_bytes"));
        Assert.That(memory, Is.True, $"mode {layout.Mode}");
    }
}
