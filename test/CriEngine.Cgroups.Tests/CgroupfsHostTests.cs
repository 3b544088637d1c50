using CriEngine.Grpc;
using CriEngine.TestSupport;
using Microsoft.Extensions.Logging;

namespace CriEngine.Cgroups.Tests;

/// <summary>
/// The cgroupfs manager on this host's real cgroups, as root, under a parent of the test's own
/// (/criengine-test-GUID), with processes the test starts. TearDown kills them and removes the parent.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class CgroupfsHostTests
{
    private readonly List<ChildProcess> _children = [];
    private CgroupLayout _layout = null!;
    private CgroupTree _tree = null!;
    private CgroupfsManager _manager = null!;
    private string _parent = null!;

    [SetUp]
    public void SetUp()
    {
        if (!Environment.IsPrivilegedProcess)
            Assert.Ignore("needs root: makes cgroups on the host");
        _layout = CgroupLayout.Detect();
        var logger = new TestLogger(LogLevel.Debug);
        _tree = new CgroupTree(_layout, logger);
        _manager = new CgroupfsManager(_layout, logger);
        _parent = $"/criengine-test-{Guid.NewGuid():N}";
    }

    [TearDown]
    public async Task TearDown()
    {
        try
        {
            foreach (var child in _children)
                child.Dispose();
        }
        finally
        {
            _children.Clear();
            if (_tree is not null)
                await _tree.RemoveAsync(_parent, CancellationToken.None);
        }
    }

    private ChildProcess Start(string script)
    {
        var child = ChildProcess.Shell(script);
        _children.Add(child);
        return child;
    }

    private string[] Directories(string cgroupPath) =>
        _layout.MembershipRoots.Select(root => CgroupPath.OnDisk(root, cgroupPath)).ToArray();

    [Test]
    public async Task Pod_cgroup_is_made_in_every_hierarchy_and_removed_from_every_one()
    {
        var pod = _manager.PodCgroupFor("p1", _parent);

        await _manager.CreatePodCgroupAsync(pod);

        Assert.That(Directories(pod.Path), Has.Length.EqualTo(_layout.V1Hierarchies.Count + (_layout.UnifiedMountPoint is null ? 0 : 1)));
        Assert.That(Directories(pod.Path), Has.All.Matches<string>(Directory.Exists));

        await _manager.RemovePodCgroupsAsync(pod, []);

        Assert.That(Directories(pod.Path), Has.None.Matches<string>(Directory.Exists));
        Assert.That(Directories(_parent), Has.All.Matches<string>(Directory.Exists), "the parent belongs to whoever made it");
        Assert.DoesNotThrowAsync(() => _manager.RemovePodCgroupsAsync(pod, []), "removing again");
    }

    [Test]
    public async Task Monitor_is_moved_into_its_own_cgroup_in_every_hierarchy()
    {
        var pod = _manager.PodCgroupFor("p1", _parent);
        await _manager.CreatePodCgroupAsync(pod);
        var monitor = Start("exec sleep 600");

        var cgroup = await _manager.MoveMonitorAsync(pod, "c1", "pod", monitor.Pid);
        Assert.That(await _manager.MoveMonitorAsync(pod, "c1", "pod", monitor.Pid), Is.EqualTo(cgroup), "moving again");

        Assert.That(cgroup, Is.EqualTo($"{_parent}/crio-conmon-c1"));
        Assert.That(monitor.CgroupLines(), Has.All.EndsWith(":" + cgroup));
    }

    [Test]
    public async Task Container_stats_rise_while_it_allocates_and_burns_cpu()
    {
        var pod = _manager.PodCgroupFor("p1", _parent);
        await _manager.CreatePodCgroupAsync(pod);
        var container = _manager.ContainerCgroupsPath(pod, "c1");
        await _tree.CreateAsync(container, CancellationToken.None); // as runc would
        var busy = Start("read go; x=$(head -c 8000000 /dev/zero | tr '\\0' a); while :; do :; done");
        await _tree.JoinAsync(container, busy.Pid, CancellationToken.None);
        var sampler = new CpuUsageSampler();
        var before = await _manager.ReadContainerStatsAsync(pod, "c1");
        Assert.That(sampler.Sample("c1", before), Is.Null);

        await busy.WriteLineAsync("go");
        var after = before;
        bool Rose() => after.CpuUsageCoreNanoSeconds - before.CpuUsageCoreNanoSeconds >= 300_000_000 && after.Memory!.RssBytes >= 8_000_000;
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10); !Rose() && DateTime.UtcNow < deadline; await Task.Delay(100))
            after = await _manager.ReadContainerStatsAsync(pod, "c1");

        Assert.That(Rose(), Is.True, $"before {before}, after {after}");
        Assert.That(sampler.Sample("c1", after), Is.GreaterThan(100_000_000UL), "a busy loop uses most of a core");
        Assert.That(after.Memory!.UsageBytes, Is.GreaterThanOrEqualTo(after.Memory.WorkingSetBytes));
        Assert.That(after.Memory.WorkingSetBytes, Is.GreaterThanOrEqualTo(8_000_000UL));
        Assert.That(after.Memory.PageFaults, Is.GreaterThan(before.Memory!.PageFaults));
        Assert.That(after.ProcessCount, Is.GreaterThanOrEqualTo(1UL));
        var podStats = await _manager.ReadPodStatsAsync(pod);
        Assert.That(podStats.CpuUsageCoreNanoSeconds, Is.GreaterThanOrEqualTo(after.CpuUsageCoreNanoSeconds!.Value), "the parent holds the container");
    }

    [Test]
    public async Task Cgroup_that_still_has_a_process_is_reported_with_its_path_and_removed_once_it_has_gone()
    {
        var pod = _manager.PodCgroupFor("p1", _parent);
        await _manager.CreatePodCgroupAsync(pod);
        var container = _manager.ContainerCgroupsPath(pod, "c1");
        await _tree.CreateAsync(container, CancellationToken.None);
        var sleeper = Start("exec sleep 600");
        await _tree.JoinAsync(container, sleeper.Pid, CancellationToken.None);

        var error = Assert.ThrowsAsync<RpcException>(() => _manager.RemovePodCgroupsAsync(pod, ["c1"]));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain(container + ":").And.Contain(sleeper.Pid.ToString()));
        sleeper.Kill();
        await _manager.RemovePodCgroupsAsync(pod, ["c1"]);
        Assert.That(Directories(container).Concat(Directories(pod.Path)), Has.None.Matches<string>(Directory.Exists));
    }

    [Test]
    public async Task Child_cgroups_are_removed_before_their_parent()
    {
        var pod = _manager.PodCgroupFor("p1", _parent);
        await _manager.CreatePodCgroupAsync(pod);
        await _tree.CreateAsync(pod.Path + "/nested/deeper", CancellationToken.None);
        await _tree.CreateAsync(pod.Path + "/sibling", CancellationToken.None);

        await _manager.RemovePodCgroupsAsync(pod, []);

        Assert.That(Directories(pod.Path), Has.None.Matches<string>(Directory.Exists));
    }
}
