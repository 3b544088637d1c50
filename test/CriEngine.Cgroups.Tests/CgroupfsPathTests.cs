using CriEngine.Grpc;
using CriEngine.TestSupport;

namespace CriEngine.Cgroups.Tests;

public class CgroupfsPathTests
{
    private const string PodId = "5b0e1f3c9d";
    private readonly CgroupfsManager _manager = new(CgroupLayout.Unified("/nonexistent-cgroup-root"), new TestLogger());

    [Test]
    public void Pod_without_cgroup_parent_goes_under_crio()
    {
        var pod = _manager.PodCgroupFor(PodId, "");

        Assert.That(pod.Parent, Is.EqualTo("/crio"));
        Assert.That(pod.Path, Is.EqualTo("/crio/crio-5b0e1f3c9d"));
    }

    [Test]
    public void Kubelet_pod_cgroup_holds_the_pod_and_its_containers_side_by_side()
    {
        var pod = _manager.PodCgroupFor(PodId, "/kubepods/burstable/pod7d2a");

        Assert.That(pod.Path, Is.EqualTo("/kubepods/burstable/pod7d2a/crio-5b0e1f3c9d"));
        Assert.That(_manager.ContainerCgroupsPath(pod, "c0ffee"), Is.EqualTo("/kubepods/burstable/pod7d2a/crio-c0ffee"));
        Assert.That(_manager.ContainerCgroupsPath(pod, PodId), Is.EqualTo(pod.Path), "the infra container uses the pod's cgroup");
    }

    [TestCase("kubepods/besteffort", "/kubepods/besteffort")]
    [TestCase("//kubepods//besteffort/", "/kubepods/besteffort")]
    [TestCase("/", "/")]
    public void Parent_is_taken_from_the_cgroup_root_with_single_slashes(string given, string parent)
    {
        var pod = _manager.PodCgroupFor(PodId, given);

        Assert.That(pod.Parent, Is.EqualTo(parent));
        Assert.That(pod.Path, Is.EqualTo(parent.TrimEnd('/') + "/crio-" + PodId));
    }

    [TestCase("..")]
    [TestCase("/kubepods/../../etc")]
    [TestCase("/kubepods/./x")]
    [TestCase("../sys")]
    public void Parent_that_could_leave_the_cgroup_root_is_refused_by_name(string parent)
    {
        var error = Assert.Throws<RpcException>(() => _manager.PodCgroupFor(PodId, parent));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"cgroup parent \"{parent}\""));
    }

    [Test]
    public void Systemd_slice_parent_is_refused_under_cgroupfs()
    {
        var error = Assert.Throws<RpcException>(() => _manager.PodCgroupFor(PodId, "kubepods-burstable-pod7d2a.slice"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("kubepods-burstable-pod7d2a.slice").And.Contain("systemd slice"));
    }

    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("")]
    public void Container_id_that_is_not_one_path_element_is_refused(string id)
    {
        var pod = _manager.PodCgroupFor(PodId, "");

        var error = Assert.Throws<RpcException>(() => _manager.ContainerCgroupsPath(pod, id));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"container id \"{id}\""));
    }

    [Test]
    public async Task Monitor_with_empty_cgroup_stays_in_the_daemons_cgroup()
    {
        var pod = _manager.PodCgroupFor(PodId, "");

        Assert.That(await _manager.MoveMonitorAsync(pod, "c0ffee", "", Environment.ProcessId), Is.Null);
    }

    [Test]
    public void Monitor_cgroup_other_than_pod_or_empty_is_refused()
    {
        var pod = _manager.PodCgroupFor(PodId, "");

        var error = Assert.ThrowsAsync<RpcException>(() => _manager.MoveMonitorAsync(pod, "c0ffee", "system.slice", Environment.ProcessId));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("system.slice"));
    }
}
