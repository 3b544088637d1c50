using CriEngine.TestSupport;

namespace CriEngine.Cgroups.Tests;

/// <summary>Creation on fake v1 hierarchies plus a hybrid cgroup2 mount, with the files the kernel gives new cgroups.</summary>
public class CgroupfsV1FixtureTests
{
    private TempDirectory _root = null!;
    private CgroupfsManager _manager = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new TempDirectory("criengine-cgroup1");
        var hierarchies = new[] { "cpuset", "memory" }.Select(c => new CgroupHierarchy(_root.Combine(c), [c])).ToList();
        _manager = new CgroupfsManager(CgroupLayout.V1(hierarchies, _root.Combine("unified")), new TestLogger());
    }

    [TearDown]
    public void TearDown() => _root.Dispose();

    [Test]
    public async Task New_cpuset_cgroups_get_their_parents_cpus_and_mems()
    {
        _root.Write("cpuset/cpuset.cpus", "0-3\n");
        _root.Write("cpuset/cpuset.mems", "0\n");
        _root.Write("cpuset/kubepods/cpuset.cpus", "0-1\n");
        _root.Write("cpuset/kubepods/cpuset.mems", "\n");
        _root.Write("cpuset/kubepods/crio-p1/cpuset.cpus", "\n");
        _root.Write("cpuset/kubepods/crio-p1/cpuset.mems", "\n");

        await _manager.CreatePodCgroupAsync(_manager.PodCgroupFor("p1", "/kubepods"));

        Assert.That(File.ReadAllText(_root.Combine("cpuset/kubepods/cpuset.cpus")), Is.EqualTo("0-1\n"), "a level with cpus keeps them");
        Assert.That(File.ReadAllText(_root.Combine("cpuset/kubepods/cpuset.mems")), Is.EqualTo("0"));
        Assert.That(File.ReadAllText(_root.Combine("cpuset/kubepods/crio-p1/cpuset.cpus")), Is.EqualTo("0-1"));
        Assert.That(File.ReadAllText(_root.Combine("cpuset/kubepods/crio-p1/cpuset.mems")), Is.EqualTo("0"));
    }

    [Test]
    public async Task Pod_cgroup_is_made_in_each_hierarchy_and_the_hybrid_cgroup2_mount_without_enabling_controllers_there()
    {
        // As on this machine: the cgroup2 mount offers hugetlb, which must stay where it is.
        _root.Write("unified/cgroup.controllers", "hugetlb\n");
        _root.Write("unified/cgroup.subtree_control", "");

        await _manager.CreatePodCgroupAsync(_manager.PodCgroupFor("p1", ""));

        foreach (var hierarchy in new[] { "cpuset", "memory", "unified" })
            Assert.That(Directory.Exists(_root.Combine(hierarchy, "crio", "crio-p1")), Is.True, hierarchy);
        Assert.That(File.ReadAllText(_root.Combine("unified/cgroup.subtree_control")), Is.Empty);
    }
}
