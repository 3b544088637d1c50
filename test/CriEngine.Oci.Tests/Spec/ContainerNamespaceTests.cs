using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class ContainerNamespaceTests
{
    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp() => _rootfs = new TempDirectory("criengine-spec");

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    [TestCase(NamespaceMode.Pod, "pid=/proc/4242/ns/pid")]
    [TestCase(NamespaceMode.Container, "pid=")]
    [TestCase(NamespaceMode.Node, null)]
    public async Task Pid_namespace_follows_the_container_s_pid_mode(NamespaceMode mode, string? pid)
    {
        var config = SpecInputs.Container();
        config.Linux.SecurityContext.NamespaceOptions.Pid = mode;

        var namespaces = Describe(await SpecInputs.BuildAsync(_rootfs.Path, config));

        var expected = new List<string> { "network=/var/run/netns/test-pod", "ipc=/proc/4242/ns/ipc", "uts=/proc/4242/ns/uts", "mount=" };
        if (pid is not null)
            expected.Insert(0, pid);
        Assert.That(namespaces, Is.EqualTo(expected));
    }

    [Test]
    public async Task Target_pid_mode_joins_the_target_container()
    {
        var config = SpecInputs.Container();
        config.Linux.SecurityContext.NamespaceOptions.Pid = NamespaceMode.Target;
        config.Linux.SecurityContext.NamespaceOptions.TargetId = "target";

        var spec = (await ContainerSpecBuilder.BuildAsync(SpecInputs.ForContainer(_rootfs.Path, config) with { TargetPid = 777 })).Spec;

        Assert.That(spec.Linux!.Namespaces![0], Is.EqualTo(new OciNamespace { Type = "pid", Path = "/proc/777/ns/pid" }));
    }

    [Test]
    public void Target_pid_mode_without_a_target_is_refused()
    {
        var config = SpecInputs.Container();
        config.Linux.SecurityContext.NamespaceOptions.Pid = NamespaceMode.Target;

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, config));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    public async Task Host_network_and_host_ipc_pod_leaves_those_namespaces_to_the_node()
    {
        var pod = SpecInputs.Pod(new NamespaceOption { Network = NamespaceMode.Node, Ipc = NamespaceMode.Node });
        var container = SpecInputs.Container();
        container.Linux.SecurityContext.NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Ipc = NamespaceMode.Node };

        var namespaces = Describe(await SpecInputs.BuildAsync(_rootfs.Path, container, pod));

        Assert.That(namespaces, Is.EqualTo(new[] { "pid=/proc/4242/ns/pid", "uts=/proc/4242/ns/uts", "mount=" }));
    }

    [TestCase(NamespaceMode.Node, NamespaceMode.Pod, "network namespace NODE, but its pod's is POD")]
    [TestCase(NamespaceMode.Pod, NamespaceMode.Node, "IPC namespace NODE, but its pod's is POD")]
    public void Network_or_IPC_namespace_other_than_the_pod_s_is_refused(NamespaceMode network, NamespaceMode ipc, string cause)
    {
        var container = SpecInputs.Container();
        container.Linux.SecurityContext.NamespaceOptions = new NamespaceOption { Network = network, Ipc = ipc };

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, container));

        Assert.That((error!.Code, error.Message), Is.EqualTo((StatusCode.InvalidArgument, $"container app of pod shop/web-0: {cause}: a container joins its pod's")));
    }

    [Test]
    public async Task On_cgroup_v2_a_container_gets_its_own_cgroup_namespace()
    {
        var input = SpecInputs.ForContainer(_rootfs.Path, SpecInputs.Container()) with { Cgroups = new CgroupSupport(true, true, false) };

        var namespaces = Describe(await ContainerSpecBuilder.BuildAsync(input));

        Assert.That(namespaces.Last(), Is.EqualTo("cgroup="));
    }

    [Test]
    public async Task Hostname_is_the_pod_s_in_the_spec_and_the_env()
    {
        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container(), SpecInputs.Pod(hostname: "frontend"))).Spec;

        Assert.That(spec.Hostname, Is.EqualTo("frontend"));
        Assert.That(spec.Process!.Env, Does.Contain("HOSTNAME=frontend"));
    }

    private static List<string> Describe(ContainerSpec result) =>
        result.Spec.Linux!.Namespaces!.Select(ns => $"{ns.Type}={ns.Path}").ToList();
}
