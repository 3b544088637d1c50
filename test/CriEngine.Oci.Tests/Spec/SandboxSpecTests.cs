using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Tests.Spec;

public sealed class SandboxSpecTests
{
    private const string Rootfs = "/var/lib/criengine/storage/overlay/pause/merged";

    [Test]
    public async Task Infra_container_runs_the_pause_command_read_only_with_the_pod_s_files()
    {
        var spec = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, SpecInputs.Pod()))).Spec;

        Assert.That(spec.Process!.Args, Is.EqualTo(new[] { "/pause" }));
        Assert.That((spec.Process.User.Uid, spec.Process.User.Gid, spec.Process.Cwd), Is.EqualTo((0u, 0u, "/")));
        Assert.That(spec.Root, Is.EqualTo(new OciRoot { Path = Rootfs, Readonly = true }));
        Assert.That(spec.Hostname, Is.EqualTo("web-0"));
        Assert.That(spec.Linux!.CgroupsPath, Is.EqualTo("kubepods-besteffort-podpod_uid_1.slice:crio:" + SpecInputs.SandboxId));
        Assert.That(spec.Mounts!.Select(mount => $"{mount.Destination} {mount.Source} {string.Join(',', mount.Options!)}").TakeLast(3), Is.EqualTo(new[]
        {
            "/dev/shm /run/pod/shm rw,bind",
            "/etc/resolv.conf /run/pod/resolv.conf ro,bind,nodev,nosuid,noexec",
            "/etc/hostname /run/pod/hostname ro,bind,nodev,nosuid,noexec",
        }));
        Assert.That(spec.Mounts!.Select(mount => mount.Destination), Is.SupersetOf(new[] { "/proc", "/dev", "/dev/pts", "/dev/mqueue", "/sys", "/sys/fs/cgroup" }));
    }

    [Test]
    public async Task Infra_process_runs_as_the_pod_s_user_group_and_supplemental_groups()
    {
        var pod = SpecInputs.Pod();
        pod.Linux.SecurityContext.RunAsUser = new Int64Value { Value = 65535 };
        pod.Linux.SecurityContext.RunAsGroup = new Int64Value { Value = 65534 };
        pod.Linux.SecurityContext.SupplementalGroups.Add([3000, 3001, 3000]);

        var user = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, pod))).Spec.Process!.User;

        Assert.That((user.Uid, user.Gid), Is.EqualTo((65535u, 65534u)));
        Assert.That(user.AdditionalGids, Is.EqualTo(new[] { 3000u, 3001u }));
    }

    [Test]
    public void A_pod_group_without_a_user_or_a_negative_id_is_refused_by_name()
    {
        var groupOnly = SpecInputs.Pod();
        groupOnly.Linux.SecurityContext.RunAsGroup = new Int64Value { Value = 1000 };
        var negative = SpecInputs.Pod();
        negative.Linux.SecurityContext.RunAsUser = new Int64Value { Value = -1 };

        var groupError = Assert.ThrowsAsync<RpcException>(() => SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, groupOnly)));
        var negativeError = Assert.ThrowsAsync<RpcException>(() => SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, negative)));

        Assert.That((groupError!.Code, groupError.Message), Is.EqualTo((StatusCode.InvalidArgument, "pod shop/web-0: run_as_group is set without run_as_user")));
        Assert.That(negativeError!.Message, Does.EndWith("run_as_user -1 is not a valid id"));
    }

    [Test]
    public async Task Infra_container_has_its_own_pid_ipc_uts_and_mount_namespaces_and_the_pod_network()
    {
        var pod = SpecInputs.Pod(new NamespaceOption { Pid = NamespaceMode.Pod });

        var namespaces = Describe(await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, pod)));

        Assert.That(namespaces, Is.EqualTo(new[] { "pid=", "network=/var/run/netns/test-pod", "ipc=", "uts=", "mount=" }));
    }

    [Test]
    public async Task Node_pid_mode_leaves_the_infra_container_in_the_node_s_pid_namespace()
    {
        var pod = SpecInputs.Pod(new NamespaceOption { Pid = NamespaceMode.Node });

        var namespaces = Describe(await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, pod)));

        Assert.That(namespaces, Is.EqualTo(new[] { "network=/var/run/netns/test-pod", "ipc=", "uts=", "mount=" }));
    }

    [Test]
    public async Task Host_network_pod_has_no_network_namespace_and_is_named_as_the_node()
    {
        var pod = SpecInputs.Pod(new NamespaceOption { Network = NamespaceMode.Node, Ipc = NamespaceMode.Node }, hostname: "");

        var result = await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, pod));

        Assert.That(Describe(result), Is.EqualTo(new[] { "pid=", "uts=", "mount=" }));
        Assert.That(result.Hostname, Is.EqualTo(System.Net.Dns.GetHostName()));
        Assert.That(result.Spec.Hostname, Is.EqualTo(result.Hostname));
        Assert.That(result.Spec.Annotations![CrioAnnotations.HostNetwork], Is.EqualTo("true"));
    }

    [Test]
    public async Task Pod_without_hostname_is_named_after_its_id()
    {
        var result = await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, SpecInputs.Pod(hostname: "")));

        Assert.That(result.Hostname, Is.EqualTo(SpecInputs.SandboxId[..12]));
    }

    [TestCase(-1000, -998, false)]
    [TestCase(-500, -500, true)]
    [TestCase(0, 0, true)]
    public async Task Infra_oom_score_adj_is_CRI_O_s_raised_to_the_engine_s_own(int minimum, int applied, bool clamped)
    {
        var result = await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, SpecInputs.Pod()) with { MinimumOomScoreAdj = minimum });

        Assert.That(result.Spec.Process!.OomScoreAdj, Is.EqualTo(applied));
        Assert.That(result.OomScoreAdj, Is.EqualTo(new OomScoreAdjustment(-998, applied)));
        Assert.That(result.OomScoreAdj.Clamped, Is.EqualTo(clamped));
    }

    [Test]
    public async Task Infra_container_has_the_default_capabilities_the_engine_has_and_denies_devices()
    {
        var bounding = SpecInputs.BoundingSet.Where(name => name != "CAP_KILL").ToList();

        var spec = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, SpecInputs.Pod()) with { CapabilityBoundingSet = bounding })).Spec;

        Assert.That(spec.Process!.Capabilities!.Bounding, Is.EqualTo(new[]
        {
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
        }));
        Assert.That(spec.Linux!.Resources, Is.EqualTo(new OciResources { Devices = spec.Linux.Resources!.Devices }));
        Assert.That(spec.Linux.Resources!.Devices, Is.EqualTo(new[] { new OciDeviceRule { Allow = false, Access = "rwm" } }));
    }

    [Test]
    public async Task Annotations_carry_the_pod_s_labels_and_annotations_and_CRI_O_s_keys()
    {
        var annotations = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, SpecInputs.Pod()))).Spec.Annotations!;

        Assert.That(annotations, Does.ContainKey("app").WithValue("web"));
        Assert.That(annotations, Does.ContainKey("kubernetes.io/config.source").WithValue("api"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.container.name").WithValue("POD"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.pod.name").WithValue("web-0"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.pod.namespace").WithValue("shop"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.pod.uid").WithValue("pod-uid-1"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.ContainerType").WithValue("sandbox"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.SandboxID").WithValue(SpecInputs.SandboxId));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.ContainerName").WithValue("k8s_POD_web-0_shop_pod-uid-1_0"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Name").WithValue("k8s_web-0_shop_pod-uid-1_0"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Created").WithValue("2024-05-06T07:08:09Z"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Metadata").WithValue("""{"name":"web-0","uid":"pod-uid-1","namespace":"shop"}"""));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Labels").WithValue(
            """{"app":"web","io.kubernetes.container.name":"POD","io.kubernetes.pod.name":"web-0","io.kubernetes.pod.namespace":"shop","io.kubernetes.pod.uid":"pod-uid-1"}"""));
    }

    [Test]
    public async Task Namespaced_sysctls_are_set()
    {
        var pod = SpecInputs.Pod();
        pod.Linux.Sysctls.Add("net/ipv4/ip_unprivileged_port_start", "0");
        pod.Linux.Sysctls.Add("kernel.shm_rmid_forced", "1");
        pod.Linux.Sysctls.Add("kernel.msg_next_id", "7");

        var sysctls = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, pod))).Spec.Linux!.Sysctl;

        Assert.That(sysctls, Is.EqualTo(new Dictionary<string, string>
        {
            ["kernel.msg_next_id"] = "7", ["kernel.shm_rmid_forced"] = "1", ["net.ipv4.ip_unprivileged_port_start"] = "0",
        }));
    }

    [Test]
    public async Task Sysctls_of_namespaces_shared_with_the_node_and_non_namespaced_ones_are_skipped_and_the_rest_set()
    {
        var hostIpc = SpecInputs.Pod(new NamespaceOption { Ipc = NamespaceMode.Node });
        hostIpc.Linux.Sysctls.Add("fs.mqueue.msg_max", "100");
        hostIpc.Linux.Sysctls.Add("kernel.sem", "250 32000 32 128");
        hostIpc.Linux.Sysctls.Add("vm.swappiness", "0");
        hostIpc.Linux.Sysctls.Add("net.ipv4.ip_unprivileged_port_start", "0");
        var hostNetwork = SpecInputs.Pod(new NamespaceOption { Network = NamespaceMode.Node });
        hostNetwork.Linux.Sysctls.Add("net.ipv4.ip_forward", "1");
        hostNetwork.Linux.Sysctls.Add("kernel.shm_rmid_forced", "1");

        var ipc = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, hostIpc))).Spec.Linux!.Sysctl;
        var network = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, hostNetwork))).Spec.Linux!.Sysctl;

        Assert.That(ipc, Is.EqualTo(new Dictionary<string, string> { ["net.ipv4.ip_unprivileged_port_start"] = "0" }));
        Assert.That(network, Is.EqualTo(new Dictionary<string, string> { ["kernel.shm_rmid_forced"] = "1" }));
    }

    [Test]
    public async Task Default_sysctls_apply_under_the_pod_s_own_and_ones_that_do_not_fit_the_pod_are_skipped()
    {
        var pod = SpecInputs.Pod(new NamespaceOption { Network = NamespaceMode.Node });
        pod.Linux.Sysctls.Add("kernel.shmmni", "8192");
        var settings = new SecuritySettings { DefaultSysctls = ["kernel.msgmax=65536", "kernel.shmmni=4096", "net.ipv4.ping_group_range=0 2147483647", "vm.swappiness=1", "junk"] };

        var sysctls = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(Rootfs, pod) with { Security = settings })).Spec.Linux!.Sysctl;

        Assert.That(sysctls, Is.EqualTo(new Dictionary<string, string> { ["kernel.msgmax"] = "65536", ["kernel.shmmni"] = "8192" }));
    }

    private static List<string> Describe(SandboxSpec result) =>
        result.Spec.Linux!.Namespaces!.Select(ns => $"{ns.Type}={ns.Path}").ToList();
}
