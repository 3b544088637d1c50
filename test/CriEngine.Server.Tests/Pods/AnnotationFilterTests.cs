using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Server.Pods;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriEngine.Server.Tests.Pods;

public sealed class AnnotationFilterTests
{
    private static readonly CrioConfig Config = ConfigFiles.Load("""
        [crio.runtime]
        default_runtime = "runc"

        [crio.runtime.runtimes.runc]
        runtime_path = "/usr/sbin/runc"
        allowed_annotations = ["io.kubernetes.cri-o.umask", "io.kubernetes.cri-o.UnifiedCgroup", "io.kubernetes.cri-o.ShmSize", "cpu-c-states.crio.io"]
        default_annotations = { "example.com/default" = "from-config", "example.com/other" = "kept" }

        [crio.runtime.workloads.management]
        activation_annotation = "target.workload.openshift.io/management"
        annotation_prefix = "resources.workload.openshift.io"
        allowed_annotations = ["io.kubernetes.cri-o.Devices"]
        """);

    private static RuntimeHandlerSection Runc => Config.Runtime.Runtimes["runc"];

    private static SortedDictionary<string, string> ForPod(Dictionary<string, string> requested, bool cgroupV2 = true) =>
        AnnotationFilter.ForPod(Config.Runtime, "runc", Runc, requested, cgroupV2, NullLogger.Instance, "pod p");

    [Test]
    public void Defaults_are_added_the_pods_own_win_and_disallowed_experimental_ones_are_dropped()
    {
        var annotations = ForPod(new()
        {
            ["example.com/default"] = "from-pod",
            ["io.kubernetes.cri-o.umask"] = "0077",
            ["umask.crio.io"] = "0007",
            ["io.kubernetes.cri-o.Devices"] = "/dev/fuse",
            ["io.kubernetes.cri-o.userns-mode"] = "auto",
            ["kubernetes.io/config.seen"] = "now",
        });

        Assert.That(annotations, Is.EqualTo(new Dictionary<string, string>
        {
            ["example.com/default"] = "from-pod",
            ["example.com/other"] = "kept",
            ["io.kubernetes.cri-o.umask"] = "0077",
            ["kubernetes.io/config.seen"] = "now",
        }));
    }

    [Test]
    public void An_allowed_name_covers_the_annotations_it_is_a_prefix_of()
    {
        var annotations = ForPod(new() { ["io.kubernetes.cri-o.UnifiedCgroup.app"] = "memory.high=1G", ["unified-cgroup.crio.io/app"] = "memory.high=2G" });

        Assert.That(annotations.Keys, Has.Member("io.kubernetes.cri-o.UnifiedCgroup.app").And.No.Member("unified-cgroup.crio.io/app"));
    }

    [Test]
    public void An_active_workload_allows_its_own_annotations_too()
    {
        var annotations = ForPod(new() { ["target.workload.openshift.io/management"] = "{}", ["io.kubernetes.cri-o.Devices"] = "/dev/fuse" });

        Assert.That(annotations.Keys, Has.Member("io.kubernetes.cri-o.Devices"));
    }

    [Test]
    public void An_allowed_annotation_the_engine_cannot_honour_is_refused_by_name()
    {
        var error = Assert.Throws<RpcException>(() => ForPod(new() { ["cpu-c-states.crio.io"] = "disable" }))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.StartWith("pod p: annotation cpu-c-states.crio.io is allowed by runtime handler \"runc\" but criengine cannot honour it"));
    }

    [Test]
    public void Unified_cgroup_settings_are_refused_on_cgroup_v1()
    {
        var error = Assert.Throws<RpcException>(() => ForPod(new() { ["io.kubernetes.cri-o.UnifiedCgroup.app"] = "memory.high=1G" }, cgroupV2: false))!;

        Assert.That(error.Message, Does.Contain("cgroup v1"));
    }

    [Test]
    public void A_container_cannot_set_a_pods_shm_size()
    {
        var error = Assert.Throws<RpcException>(() => AnnotationFilter.ForContainer(
            Config.Runtime, "runc", Runc, new Dictionary<string, string>(), new Dictionary<string, string> { ["io.kubernetes.cri-o.ShmSize"] = "1Gi" }, true, NullLogger.Instance, "container c"))!;

        Assert.That(error.Message, Does.Contain("io.kubernetes.cri-o.ShmSize").And.Contain("set it on the pod"));
    }

    [Test]
    public void A_container_of_a_pod_whose_handler_is_gone_gets_no_default_and_no_experimental_annotation()
    {
        var annotations = AnnotationFilter.ForContainer(
            Config.Runtime, "gone", null, new Dictionary<string, string>(), new Dictionary<string, string> { ["io.kubernetes.cri-o.umask"] = "0077", ["app"] = "x" }, true, NullLogger.Instance, "container c");

        Assert.That(annotations, Is.EqualTo(new Dictionary<string, string> { ["app"] = "x" }));
    }
}
