using CriEngine.Cgroups.Systemd;
using CriEngine.DBus;
using CriEngine.Grpc;
using CriEngine.TestSupport;

namespace CriEngine.Cgroups.Tests.Systemd;

/// <summary>What the systemd manager computes without asking systemd: slices, scopes, the runtime's cgroupsPath, and what it refuses.</summary>
public class SystemdCgroupPathTests
{
    private TempDirectory _root = null!;
    private DBusClient _bus = null!;
    private SystemdCgroupManager _manager = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new TempDirectory("criengine-systemd-paths");
        // Never connected: every case here must be settled before a D-Bus call.
        _bus = new DBusClient([DBusEndpoint.Direct(_root.Combine("no-systemd-here"))]);
        _manager = new SystemdCgroupManager(CgroupLayout.Unified(_root.Path), new SystemdManager(_bus), new TestLogger());
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bus.DisposeAsync();
        _root.Dispose();
    }

    [Test]
    public void Pod_in_a_kubelet_slice_runs_in_a_crio_scope_under_the_slices_dashes_expand_to()
    {
        var pod = _manager.PodCgroupFor("p1", "kubepods-burstable-pod7d2a.slice");

        Assert.That(pod.Parent, Is.EqualTo("kubepods-burstable-pod7d2a.slice"));
        Assert.That(pod.Path, Is.EqualTo("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7d2a.slice/crio-p1.scope"));
    }

    [Test]
    public void Expanded_slice_path_is_taken_as_its_last_slice()
    {
        var pod = _manager.PodCgroupFor("p1", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod9.slice");

        Assert.That(pod.Parent, Is.EqualTo("kubepods-besteffort-pod9.slice"));
    }

    [Test]
    public void Empty_cgroup_parent_is_system_slice_as_in_crio()
    {
        var pod = _manager.PodCgroupFor("p1", "");

        Assert.That(pod.Parent, Is.EqualTo("system.slice"));
        Assert.That(pod.Path, Is.EqualTo("/system.slice/crio-p1.scope"));
    }

    [Test]
    public void Container_cgroups_path_is_runcs_slice_prefix_name_notation()
    {
        var pod = _manager.PodCgroupFor("p1", "kubepods-pod7d2a.slice");

        Assert.That(_manager.ContainerCgroupsPath(pod, "c1"), Is.EqualTo("kubepods-pod7d2a.slice:crio:c1"));
        Assert.That(_manager.ContainerCgroupsPath(pod, "p1"), Is.EqualTo("kubepods-pod7d2a.slice:crio:p1"), "the infra container's");
    }

    [TestCase("/kubepods/burstable/pod7d2a")]
    [TestCase("/crio")]
    [TestCase("kubepods")]
    public void Cgroupfs_parent_is_refused_as_a_cgroup_driver_mismatch_naming_it(string parent)
    {
        var error = Assert.Throws<RpcException>(() => _manager.PodCgroupFor("p1", parent));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"\"{parent}\"")
            .And.Contain("did not receive slice as parent")
            .And.Contain("the kubelet's cgroup driver and the runtime's do not match"));
    }

    [TestCase("kubepods--pod1.slice", "empty level")]
    [TestCase("-kubepods.slice", "empty level")]
    [TestCase("kube pods.slice", "not a valid systemd unit name")]
    public void Malformed_slice_is_refused_with_the_reason(string parent, string reason)
    {
        var error = Assert.Throws<RpcException>(() => _manager.PodCgroupFor("p1", parent));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain(parent).And.Contain(reason));
    }

    [Test]
    public void Slice_path_that_its_name_does_not_expand_to_is_refused()
    {
        var error = Assert.Throws<RpcException>(() => _manager.PodCgroupFor("p1", "/other.slice/kubepods-pod1.slice"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("/kubepods.slice/kubepods-pod1.slice"));
    }

    [TestCase("")]
    [TestCase("/system")]
    [TestCase("/crio/conmon.slice")]
    public void Monitor_cgroup_that_is_neither_pod_nor_a_slice_is_refused_before_systemd_is_asked(string monitorCgroup)
    {
        var pod = _manager.PodCgroupFor("p1", "kubepods-pod1.slice");

        var error = Assert.ThrowsAsync<RpcException>(() => _manager.MoveMonitorAsync(pod, "c1", monitorCgroup, 4242));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("container c1").And.Contain($"\"{monitorCgroup}\""));
    }

    [Test]
    public void Monitor_placement_without_a_reachable_systemd_is_unavailable_naming_the_unit()
    {
        var pod = _manager.PodCgroupFor("p1", "kubepods-pod1.slice");

        var error = Assert.ThrowsAsync<RpcException>(() => _manager.MoveMonitorAsync(pod, "c1", "pod", 4242));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Message, Does.Contain("crio-conmon-c1.scope").And.Contain(_root.Combine("no-systemd-here")));
    }

    [Test]
    public async Task Creating_the_pod_cgroup_asks_nothing_of_systemd_which_makes_slices_itself()
    {
        await _manager.CreatePodCgroupAsync(_manager.PodCgroupFor("p1", "kubepods-pod1.slice"));

        Assert.That(Directory.EnumerateFileSystemEntries(_root.Path), Is.Empty);
    }

    [Test]
    public void Scope_names_are_crios()
    {
        Assert.That(SystemdCgroupManager.ScopeName("c1"), Is.EqualTo("crio-c1.scope"));
        Assert.That(SystemdCgroupManager.MonitorScopeName("c1"), Is.EqualTo("crio-conmon-c1.scope"));
    }
}
