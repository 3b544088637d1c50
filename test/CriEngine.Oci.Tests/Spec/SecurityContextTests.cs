using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class SecurityContextTests
{
    private static readonly string[] CrioDefaults =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_KILL",
    ];

    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp() => _rootfs = new TempDirectory("criengine-spec");

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    [Test]
    public async Task Container_gets_CRI_O_s_default_capabilities_and_nothing_inheritable()
    {
        var capabilities = (await BuildAsync(new LinuxContainerSecurityContext())).Spec.Process!.Capabilities!;

        Assert.That(capabilities.Bounding, Is.EqualTo(CrioDefaults));
        Assert.That(capabilities.Effective, Is.EqualTo(CrioDefaults));
        Assert.That(capabilities.Permitted, Is.EqualTo(CrioDefaults));
        Assert.That((capabilities.Inheritable, capabilities.Ambient), Is.EqualTo(((IReadOnlyList<string>?)null, (IReadOnlyList<string>?)null)));
    }

    [Test]
    public async Task Added_and_dropped_capabilities_change_the_defaults()
    {
        var bounding = await CapabilitiesAsync(add: ["NET_ADMIN", "cap_sys_ptrace"], drop: ["CHOWN", "KILL"]);

        Assert.That(bounding, Is.EqualTo(CrioDefaults.Except(["CAP_CHOWN", "CAP_KILL"]).Concat(["CAP_NET_ADMIN", "CAP_SYS_PTRACE"])));
    }

    [Test]
    public async Task Drop_all_then_add_keeps_only_the_added()
    {
        var bounding = await CapabilitiesAsync(add: ["NET_BIND_SERVICE"], drop: ["ALL"]);

        Assert.That(bounding, Is.EqualTo(new[] { "CAP_NET_BIND_SERVICE" }));
    }

    [Test]
    public async Task Add_all_means_the_engine_s_bounding_set_minus_the_drops()
    {
        var bounding = await CapabilitiesAsync(add: ["ALL"], drop: ["SYS_ADMIN"]);

        Assert.That(bounding, Is.EqualTo(SpecInputs.BoundingSet.Where(name => name != "CAP_SYS_ADMIN")));
        Assert.That(bounding, Does.Not.Contain("CAP_SYS_RESOURCE"));
    }

    [Test]
    public void Adding_a_capability_the_engine_lacks_is_refused_naming_it()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => CapabilitiesAsync(add: ["SYS_RESOURCE"], drop: []));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("CAP_SYS_RESOURCE"));
    }

    [Test]
    public void Unknown_capability_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => CapabilitiesAsync(add: ["FLY"], drop: []));

        Assert.That(error!.Message, Does.Contain("\"FLY\""));
    }

    [Test]
    public async Task Unprivileged_container_has_the_default_masked_and_read_only_paths_and_what_the_kubelet_adds()
    {
        var context = new LinuxContainerSecurityContext();
        context.MaskedPaths.Add("/proc/kcore");
        context.MaskedPaths.Add("/proc/extra");
        context.ReadonlyPaths.Add("/proc/sys");

        var linux = (await BuildAsync(context)).Spec.Linux!;

        Assert.That(linux.MaskedPaths, Is.EqualTo(new[]
        {
            "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/sched_debug", "/proc/scsi",
            "/proc/timer_list", "/proc/timer_stats", "/sys/dev/block", "/sys/devices/virtual/powercap", "/sys/firmware",
            "/sys/fs/selinux", "/proc/asound", "/proc/interrupts", "/proc/extra",
        }));
        Assert.That(linux.ReadonlyPaths, Is.EqualTo(new[] { "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger" }));
    }

    [Test]
    public async Task Empty_masked_and_read_only_lists_as_the_kubelet_sends_for_an_unmasked_proc_mean_none()
    {
        var linux = (await BuildAsync(new LinuxContainerSecurityContext())).Spec.Linux!;

        Assert.That((linux.MaskedPaths, linux.ReadonlyPaths), Is.EqualTo(((IReadOnlyList<string>?)null, (IReadOnlyList<string>?)null)));
    }

    [Test]
    public async Task Default_capabilities_come_from_the_configuration()
    {
        var settings = new SecuritySettings { DefaultCapabilities = ["NET_RAW", "CAP_CHOWN", "SYS_RESOURCE"] };

        var capabilities = (await BuildAsync(new LinuxContainerSecurityContext(), settings: settings)).Spec.Process!.Capabilities!;

        Assert.That(capabilities.Bounding, Is.EqualTo(new[] { "CAP_NET_RAW", "CAP_CHOWN" }), "a default the engine lacks is left out");
    }

    [Test]
    public void Unknown_configured_capability_is_refused_naming_the_key()
    {
        var settings = new SecuritySettings { DefaultCapabilities = ["CHOWN", "TELEPORT"] };

        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext(), settings: settings));

        Assert.That(error!.Message, Does.Contain("default_capabilities").And.Contain("\"TELEPORT\""));
    }

    [Test]
    public async Task Add_inheritable_capabilities_puts_the_granted_ones_in_the_inheritable_set_and_none_ambient()
    {
        var settings = new SecuritySettings { AddInheritableCapabilities = true };
        var capabilities = new Capability();
        capabilities.AddCapabilities.Add("NET_RAW");

        var sets = (await BuildAsync(new LinuxContainerSecurityContext { Capabilities = capabilities }, settings: settings)).Spec.Process!.Capabilities!;

        Assert.That(sets.Inheritable, Is.EqualTo(CrioDefaults.Append("CAP_NET_RAW")));
        Assert.That(sets.Ambient, Is.Null);
    }

    [Test]
    public async Task Ambient_capabilities_are_ambient_and_inheritable_and_all_means_every_granted_one()
    {
        var named = new Capability();
        named.AddCapabilities.Add("NET_RAW");
        named.AddAmbientCapabilities.Add("net_raw");
        var all = new Capability();
        all.DropCapabilities.Add("ALL");
        all.AddCapabilities.Add("CHOWN");
        all.AddAmbientCapabilities.Add("ALL");

        var namedSets = (await BuildAsync(new LinuxContainerSecurityContext { Capabilities = named })).Spec.Process!.Capabilities!;
        var allSets = (await BuildAsync(new LinuxContainerSecurityContext { Capabilities = all })).Spec.Process!.Capabilities!;

        Assert.That((namedSets.Ambient, namedSets.Inheritable), Is.EqualTo((new[] { "CAP_NET_RAW" }, new[] { "CAP_NET_RAW" })));
        Assert.That((allSets.Ambient, allSets.Inheritable), Is.EqualTo((new[] { "CAP_CHOWN" }, new[] { "CAP_CHOWN" })));
    }

    [Test]
    public void Ambient_capability_the_container_does_not_have_is_refused_naming_it()
    {
        var capabilities = new Capability();
        capabilities.AddAmbientCapabilities.Add("NET_ADMIN");

        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext { Capabilities = capabilities }));

        Assert.That(error!.Message, Does.Contain("ambient capability CAP_NET_ADMIN"));
    }

    [Test]
    public async Task Privileged_container_runs_without_seccomp_or_AppArmor()
    {
        var settings = new SecuritySettings { Kernel = KernelSecurity.None with { AppArmor = true } };

        var spec = (await BuildAsync(new LinuxContainerSecurityContext { Privileged = true, Seccomp = new SecurityProfile() }, privilegedPod: true, settings)).Spec;

        Assert.That((spec.Linux!.Seccomp, spec.Process!.ApparmorProfile), Is.EqualTo(((OciSeccomp?)null, (string?)null)));
    }

    [Test]
    public async Task Privileged_container_runs_under_privileged_seccomp_profile_when_one_is_configured()
    {
        var profile = _rootfs.Write("privileged.json", """{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{ "names": ["mkdir"], "action": "SCMP_ACT_ERRNO" }] }""");
        var settings = new SecuritySettings { PrivilegedSeccompProfile = profile };

        var spec = (await BuildAsync(new LinuxContainerSecurityContext { Privileged = true }, privilegedPod: true, settings)).Spec;

        Assert.That(spec.Linux!.Seccomp!.Syscalls!.Single().Names, Is.EqualTo(new[] { "mkdir" }));
    }

    [Test]
    public async Task Default_ulimits_become_the_process_rlimits()
    {
        var settings = new SecuritySettings { DefaultUlimits = ["nofile=1024:2048", "nproc=-1", "core=0"] };

        var rlimits = (await BuildAsync(new LinuxContainerSecurityContext(), settings: settings)).Spec.Process!.Rlimits;

        Assert.That(rlimits, Is.EqualTo(new[]
        {
            new OciRlimit { Type = "RLIMIT_NOFILE", Soft = 1024, Hard = 2048 },
            new OciRlimit { Type = "RLIMIT_NPROC", Soft = ulong.MaxValue, Hard = ulong.MaxValue },
            new OciRlimit { Type = "RLIMIT_CORE", Soft = 0, Hard = 0 },
        }));
    }

    [TestCase("nofile")]
    [TestCase("files=10")]
    [TestCase("nofile=20:10")]
    [TestCase("nofile=lots")]
    public void Invalid_default_ulimit_is_refused_naming_it(string ulimit)
    {
        var settings = new SecuritySettings { DefaultUlimits = [ulimit] };

        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext(), settings: settings));

        Assert.That(error!.Message, Does.Contain($"default_ulimits \"{ulimit}\""));
    }

    [TestCase(-1, null)]
    [TestCase(0, null)]
    [TestCase(1024, 1024L)]
    public async Task Pids_limit_applies_when_positive(long configured, long? limit)
    {
        var resources = (await BuildAsync(new LinuxContainerSecurityContext(), settings: new SecuritySettings { PidsLimit = configured })).Spec.Linux!.Resources!;

        Assert.That(resources.Pids?.Limit, Is.EqualTo(limit));
    }

    [Test]
    public async Task Without_AppArmor_on_the_node_no_profile_or_unconfined_runs_unconfined()
    {
        var none = (await BuildAsync(new LinuxContainerSecurityContext())).Spec.Process!;
        var unconfined = (await BuildAsync(new LinuxContainerSecurityContext { Apparmor = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Unconfined } })).Spec.Process!;

        Assert.That((none.ApparmorProfile, unconfined.ApparmorProfile), Is.EqualTo(((string?)null, (string?)null)));
    }

    [TestCase(SecurityProfile.Types.ProfileType.RuntimeDefault, "", "crio-default")]
    [TestCase(SecurityProfile.Types.ProfileType.Localhost, "k8s-nginx", "k8s-nginx")]
    public void Without_AppArmor_on_the_node_a_profile_is_refused_naming_it(SecurityProfile.Types.ProfileType type, string reference, string named)
    {
        var context = new LinuxContainerSecurityContext { Apparmor = new SecurityProfile { ProfileType = type, LocalhostRef = reference } };

        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(context));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain($"AppArmor profile {named}").And.Contain("not enabled"));
    }

    [TestCase(SecurityProfile.Types.ProfileType.RuntimeDefault, "", "crio-default")]
    [TestCase(SecurityProfile.Types.ProfileType.Localhost, "localhost/k8s-nginx", "k8s-nginx")]
    [TestCase(SecurityProfile.Types.ProfileType.Unconfined, "", null)]
    public async Task With_AppArmor_the_profile_asked_for_is_applied(SecurityProfile.Types.ProfileType type, string reference, string? applied)
    {
        var settings = new SecuritySettings { Kernel = KernelSecurity.None with { AppArmor = true } };
        var context = new LinuxContainerSecurityContext { Apparmor = new SecurityProfile { ProfileType = type, LocalhostRef = reference } };

        var process = (await BuildAsync(context, settings: settings)).Spec.Process!;

        Assert.That(process.ApparmorProfile, Is.EqualTo(applied));
    }

#pragma warning disable CS0612 // the deprecated field, as older kubelets send it
    [Test]
    public async Task With_AppArmor_a_container_asking_nothing_gets_the_configured_default_and_a_deprecated_name_is_honoured()
    {
        var settings = new SecuritySettings { Kernel = KernelSecurity.None with { AppArmor = true }, ApparmorProfile = "node-default" };

        var none = (await BuildAsync(new LinuxContainerSecurityContext(), settings: settings)).Spec.Process!;
        var named = (await BuildAsync(new LinuxContainerSecurityContext { ApparmorProfile = "localhost/legacy" }, settings: settings)).Spec.Process!;

        Assert.That((none.ApparmorProfile, named.ApparmorProfile), Is.EqualTo(("node-default", "legacy")));
        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext { ApparmorProfile = "legacy" }, settings: settings));
        Assert.That(error!.Message, Does.Contain("\"legacy\""));
    }
#pragma warning restore CS0612

    [Test]
    public async Task No_new_privileges_is_off_unless_asked()
    {
        var off = (await BuildAsync(new LinuxContainerSecurityContext())).Spec.Process!;
        var on = (await BuildAsync(new LinuxContainerSecurityContext { NoNewPrivs = true })).Spec.Process!;

        Assert.That((off.NoNewPrivileges, on.NoNewPrivileges), Is.EqualTo(((bool?)null, (bool?)true)));
    }

    [Test]
    public async Task Privileged_container_gets_all_the_engine_s_capabilities_every_device_and_no_masks()
    {
        var spec = (await BuildAsync(new LinuxContainerSecurityContext { Privileged = true }, privilegedPod: true)).Spec;

        Assert.That(spec.Process!.Capabilities!.Bounding, Is.EqualTo(SpecInputs.BoundingSet));
        Assert.That(spec.Linux!.Resources!.Devices, Is.EqualTo(new[] { new OciDeviceRule { Allow = true, Access = "rwm" } }));
        Assert.That(spec.Linux.Devices!.Select(device => device.Path), Does.Contain("/dev/null"));
        Assert.That((spec.Linux.MaskedPaths, spec.Linux.ReadonlyPaths), Is.EqualTo(((IReadOnlyList<string>?)null, (IReadOnlyList<string>?)null)));
        Assert.That(spec.Mounts!.Single(mount => mount.Destination == "/sys").Options, Is.EqualTo(new[] { "nosuid", "noexec", "nodev", "rw", "rslave" }));
    }

    [Test]
    public async Task Privileged_container_on_cgroup_v2_shares_the_node_s_cgroup_namespace()
    {
        var config = SpecInputs.Container();
        config.Linux.SecurityContext.Privileged = true;
        var pod = SpecInputs.Pod();
        pod.Linux.SecurityContext.Privileged = true;
        var input = SpecInputs.ForContainer(_rootfs.Path, config, pod) with { Cgroups = new CgroupSupport(true, true, false) };

        var namespaces = (await ContainerSpecBuilder.BuildAsync(input)).Spec.Linux!.Namespaces!;

        Assert.That(namespaces.Select(ns => ns.Type), Does.Not.Contain("cgroup"));
    }

    [Test]
    public void Privileged_container_in_an_unprivileged_pod_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext { Privileged = true }));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("privileged"));
    }

    private async Task<IReadOnlyList<string>?> CapabilitiesAsync(string[] add, string[] drop)
    {
        var capabilities = new Capability();
        capabilities.AddCapabilities.AddRange(add);
        capabilities.DropCapabilities.AddRange(drop);
        var result = await BuildAsync(new LinuxContainerSecurityContext { Capabilities = capabilities });
        return result.Spec.Process!.Capabilities!.Bounding;
    }

    private Task<ContainerSpec> BuildAsync(LinuxContainerSecurityContext context, bool privilegedPod = false, SecuritySettings? settings = null)
    {
        var config = SpecInputs.Container();
        config.Linux.SecurityContext = context;
        var pod = SpecInputs.Pod();
        pod.Linux.SecurityContext.Privileged = privilegedPod;
        return ContainerSpecBuilder.BuildAsync(SpecInputs.ForContainer(_rootfs.Path, config, pod) with { Security = settings ?? new SecuritySettings() });
    }
}
