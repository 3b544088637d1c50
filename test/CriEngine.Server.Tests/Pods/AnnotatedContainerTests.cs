using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server.Tests.Pods;

public sealed class AnnotatedContainerTests
{
    private static readonly CrioConfig Config = ConfigFiles.Load("""
        [crio.runtime]
        default_runtime = "runc"

        [crio.runtime.runtimes.runc]
        runtime_path = "/usr/sbin/runc"

        [crio.runtime.workloads.management]
        activation_annotation = "target.workload.openshift.io/management"
        annotation_prefix = "resources.workload.openshift.io"

        [crio.runtime.workloads.management.resources]
        cpushares = 512
        cpuset = "0-1"
        """);

    private static ContainerConfig Requested() => new()
    {
        Metadata = new ContainerMetadata { Name = "app" },
        Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { CpuShares = 2, CpuQuota = 20_000, CpuPeriod = 100_000 } },
    };

    private static (ContainerConfig Config, uint? Umask) Apply(Dictionary<string, string> pod, Dictionary<string, string>? container = null) =>
        AnnotatedContainer.Apply(Requested(), container ?? [], pod, Config.Runtime, "container app");

    [Test]
    public void The_workloads_defaults_replace_the_CRIs_cpu_settings()
    {
        var resources = Apply(new() { ["target.workload.openshift.io/management"] = "{}" }).Config.Linux.Resources;

        Assert.That((resources.CpuShares, resources.CpusetCpus, resources.CpuQuota), Is.EqualTo((512L, "0-1", 20_000L)));
    }

    [Test]
    public void A_containers_override_wins_and_its_cpulimit_becomes_the_quota()
    {
        var resources = Apply(new()
        {
            ["target.workload.openshift.io/management"] = "{}",
            ["resources.workload.openshift.io/app"] = """{"cpushares": 256, "cpulimit": 250, "cpuperiod": 50000}""",
        }).Config.Linux.Resources;

        Assert.That((resources.CpuShares, resources.CpusetCpus, resources.CpuQuota, resources.CpuPeriod), Is.EqualTo((256L, "0-1", 12_500L, 50_000L)));
    }

    [Test]
    public void A_malformed_override_is_refused_by_name()
    {
        var error = Assert.Throws<RpcException>(() => Apply(new() { ["target.workload.openshift.io/management"] = "{}", ["resources.workload.openshift.io/app"] = "{cpushares" }))!;

        Assert.That(error.Message, Does.StartWith("container app: annotation resources.workload.openshift.io/app:"));
    }

    [Test]
    public void Without_a_workload_the_CRIs_resources_stay()
    {
        Assert.That(Apply(new()).Config.Linux.Resources, Is.EqualTo(Requested().Linux.Resources));
    }

    [Test]
    public void The_umask_is_read_as_octal_and_a_containers_own_wins_over_the_pods()
    {
        Assert.That(Apply(new() { ["io.kubernetes.cri-o.umask"] = "0077" }).Umask, Is.EqualTo(0x3F));
        Assert.That(Apply(new() { ["io.kubernetes.cri-o.umask"] = "0077" }, new() { ["umask.crio.io"] = "027" }).Umask, Is.EqualTo(23));
        Assert.Throws<RpcException>(() => Apply(new() { ["io.kubernetes.cri-o.umask"] = "0088" }));
    }

    [Test]
    public void Devices_must_be_in_allowed_devices_and_take_crios_forms()
    {
        var devices = Apply(new() { ["io.kubernetes.cri-o.Devices"] = "/dev/fuse,/dev/net/tun:/dev/tun0:rw" }).Config.Devices;

        Assert.That(devices.Select(d => (d.HostPath, d.ContainerPath, d.Permissions)), Is.EqualTo(new[] { ("/dev/fuse", "/dev/fuse", "rwm"), ("/dev/net/tun", "/dev/tun0", "rw") }));
        var error = Assert.Throws<RpcException>(() => Apply(new() { ["io.kubernetes.cri-o.Devices"] = "/dev/sda" }))!;
        Assert.That(error.Message, Does.Contain("/dev/sda is not in allowed_devices"));
    }

    [Test]
    public void Unified_settings_and_a_disabled_quota_reach_the_resources()
    {
        var resources = Apply(new() { ["io.kubernetes.cri-o.UnifiedCgroup.app"] = "memory.high=1073741824;memory.max=max", ["cpu-quota.crio.io"] = "disable" }).Config.Linux.Resources;

        Assert.That(resources.Unified, Is.EqualTo(new Dictionary<string, string> { ["memory.high"] = "1073741824", ["memory.max"] = "max" }));
        Assert.That(resources.CpuQuota, Is.EqualTo(-1));
    }
}
