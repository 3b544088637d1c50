using System.Globalization;
using System.Text.RegularExpressions;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>
/// The security context as a process in the container sees it, on the real daemon with runc:
/// capability sets, no_new_privs and seccomp in /proc/self/status, ids, masked and read-only paths,
/// system calls under each seccomp profile, sysctls and limits; and each refusal through the CRI.
/// </summary>
[Category("Integration")]
public sealed class SecurityContextTests
{
    // CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP, NET_BIND_SERVICE.
    private const ulong CrioDefaults = 0x5fb;
    private const int NetAdmin = 12;
    private const int SysAdmin = 21;

    private const string DenyMkdir = """{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 }] }""";

    private PodTestBed _bed = null!;
    private string _profiles = null!;
    private Dictionary<string, (string Id, PodSandboxConfig Config)> _pods = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        _pods = [];
        await _bed.PullBusyboxAsync();
        _profiles = _bed.Directory.Combine("seccomp");
        Directory.CreateDirectory(_profiles);
        await File.WriteAllTextAsync(Path.Combine(_profiles, "deny-mkdir.json"), DenyMkdir);
        await File.WriteAllTextAsync(Path.Combine(_profiles, "broken.json"), "{ not json");
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task Default_container_has_CRI_O_s_capabilities_nothing_inheritable_or_ambient_and_the_default_seccomp_filter()
    {
        var status = await StatusAsync(await RunAsync(new LinuxContainerSecurityContext()));

        Assert.That((status["CapBnd"], status["CapEff"], status["CapPrm"]), Is.EqualTo((Mask(CrioDefaults), Mask(CrioDefaults), Mask(CrioDefaults))));
        Assert.That((status["CapInh"], status["CapAmb"]), Is.EqualTo((Mask(0), Mask(0))));
        Assert.That((status["NoNewPrivs"], status["Seccomp"]), Is.EqualTo(("0", "2")));
    }

    [Test]
    public async Task Added_and_dropped_capabilities_show_in_every_set()
    {
        var status = await StatusAsync(await RunAsync(Context(add: ["NET_ADMIN"], drop: ["CHOWN"])));

        var expected = Mask((CrioDefaults | (1UL << NetAdmin)) & ~1UL);
        Assert.That((status["CapBnd"], status["CapEff"], status["CapPrm"]), Is.EqualTo((expected, expected, expected)));
    }

    [Test]
    public async Task Ambient_capabilities_are_kept_by_a_non_root_process()
    {
        var context = Context(add: ["NET_ADMIN"], drop: []);
        context.Capabilities.AddAmbientCapabilities.Add("NET_ADMIN");
        context.RunAsUser = new Int64Value { Value = 1000 };

        var id = await RunAsync(context);

        var mask = Mask(1UL << NetAdmin);
        Assert.That(await MainProcessAsync(id, "grep -E '^Cap(Amb|Inh|Eff):' {}/status | tr -s '\t' ' '"),
            Is.EqualTo($"CapInh: {mask}\nCapEff: {mask}\nCapAmb: {mask}"));
    }

    [Test]
    public async Task Drop_all_leaves_no_capability_and_add_all_gives_the_engine_s_bounding_set()
    {
        var none = await StatusAsync(await RunAsync(Context(add: [], drop: ["ALL"]), "none"));
        var all = await StatusAsync(await RunAsync(Context(add: ["ALL"], drop: []), "all"));

        Assert.That((none["CapBnd"], none["CapEff"]), Is.EqualTo((Mask(0), Mask(0))));
        Assert.That((all["CapBnd"], all["CapEff"]), Is.EqualTo((EngineBoundingSet(), EngineBoundingSet())));
    }

    [Test]
    public async Task Privileged_container_has_every_capability_of_the_engine_no_seccomp_no_masks_a_writable_sys_and_the_host_s_devices()
    {
        var pod = _bed.PodConfig("privileged");
        pod.Linux.SecurityContext = new LinuxSandboxSecurityContext { Privileged = true };
        var id = await RunAsync(new LinuxContainerSecurityContext { Privileged = true, Seccomp = new SecurityProfile() }, pod: pod);

        var status = await StatusAsync(id);
        Assert.That((status["CapBnd"], status["CapEff"], status["Seccomp"]), Is.EqualTo((EngineBoundingSet(), EngineBoundingSet(), "0")));
        Assert.That(await ShAsync(id, "grep -c ' /proc/keys ' /proc/mounts; true"), Is.EqualTo("0"), "/proc/keys is not masked");
        Assert.That(await ShAsync(id, "grep ' /sys sysfs ' /proc/mounts"), Does.Contain(" rw,"));
        var hostDevice = new[] { "/dev/kmsg", "/dev/mem", "/dev/tty1", "/dev/loop0" }.First(File.Exists);
        Assert.That(await ShAsync(id, $"[ -e {hostDevice} ] && echo present"), Is.EqualTo("present"), hostDevice);
    }

    [Test]
    public async Task Unprivileged_container_in_a_privileged_pod_is_confined_and_a_privileged_one_in_an_unprivileged_pod_is_refused()
    {
        var privilegedPod = _bed.PodConfig("privileged");
        privilegedPod.Linux.SecurityContext = new LinuxSandboxSecurityContext { Privileged = true };
        var confined = await StatusAsync(await RunAsync(new LinuxContainerSecurityContext(), pod: privilegedPod));
        Assert.That(confined["CapBnd"], Is.EqualTo(Mask(CrioDefaults)));

        var error = await CreateFailsAsync(new LinuxContainerSecurityContext { Privileged = true });
        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("privileged, but its pod is not"));
    }

    [Test]
    public async Task No_new_privs_is_set_when_privilege_escalation_is_not_allowed()
    {
        var status = await StatusAsync(await RunAsync(new LinuxContainerSecurityContext { NoNewPrivs = true }));

        Assert.That(status["NoNewPrivs"], Is.EqualTo("1"));
    }

    [Test]
    public async Task Masked_and_read_only_paths_the_kubelet_sends_hide_and_protect_proc_and_sys_and_empty_lists_unmask_them()
    {
        var context = new LinuxContainerSecurityContext();
        context.MaskedPaths.Add("/proc/keys");
        context.ReadonlyPaths.Add("/proc/sys");
        var masked = await RunAsync(context, "masked");
        var unmasked = await RunAsync(new LinuxContainerSecurityContext(), "unmasked");

        Assert.That(await ShAsync(masked, "grep -c ' /proc/keys ' /proc/mounts"), Is.EqualTo("1"));
        Assert.That(await ShAsync(masked, "wc -c < /proc/keys"), Is.EqualTo("0"), "a masked file reads as /dev/null");
        Assert.That(await ShAsync(masked, "ls /sys/firmware | wc -l"), Is.EqualTo("0"), "a masked directory is empty");
        Assert.That(await ShAsync(masked, "touch /sys/firmware/x 2>&1; true"), Does.Contain("Read-only file system"));
        Assert.That(await ShAsync(masked, "(echo 1 > /proc/sys/kernel/shm_rmid_forced) 2>&1; true"), Does.Contain("Read-only file system"));

        Assert.That(await ShAsync(unmasked, "grep -c ' /proc/keys ' /proc/mounts; true"), Is.EqualTo("0"));
        Assert.That(int.Parse(await ShAsync(unmasked, "ls /sys/firmware | wc -l"), CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(await ShAsync(unmasked, "echo 1 > /proc/sys/kernel/shm_rmid_forced 2>&1; cat /proc/sys/kernel/shm_rmid_forced"), Is.EqualTo("1"));
    }

    [Test]
    public async Task Run_as_user_group_and_supplemental_groups_are_the_process_s_ids()
    {
        var context = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = 1000 }, RunAsGroup = new Int64Value { Value = 3000 } };
        context.SupplementalGroups.Add(4000);
        var byName = new LinuxContainerSecurityContext { RunAsUsername = "app" };

        Assert.That(await ShAsync(await RunAsync(context, "ids"), "id"), Is.EqualTo("uid=1000(app) gid=3000(3000) groups=3000(3000),4000"));
        Assert.That(await ShAsync(await RunAsync(byName, "named"), "id"), Is.EqualTo("uid=1000(app) gid=1000(app) groups=1000(app)"));
    }

    [Test]
    public async Task Run_as_group_without_a_user_is_refused()
    {
        var error = await CreateFailsAsync(new LinuxContainerSecurityContext { RunAsGroup = new Int64Value { Value = 3000 } });

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("run_as_group"));
    }

    [Test]
    public async Task Namespaces_other_than_the_pod_s_are_refused_naming_the_container_and_the_pod_s_ones_are_joined()
    {
        var network = await CreateFailsAsync(new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } });
        var ipc = await CreateFailsAsync(new LinuxContainerSecurityContext { NamespaceOptions = new NamespaceOption { Ipc = NamespaceMode.Node } });
        var userns = await CreateFailsAsync(new LinuxContainerSecurityContext
        {
            NamespaceOptions = new NamespaceOption { UsernsOptions = new UserNamespace { Mode = NamespaceMode.Pod } },
        });
        // What the kubelet sends: the pod's modes again.
        var joined = await RunAsync(new LinuxContainerSecurityContext
        {
            NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Container, UsernsOptions = new UserNamespace { Mode = NamespaceMode.Node } },
        }, "joined");

        Assert.That((network.Code, ipc.Code, userns.Code), Is.EqualTo((StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument)));
        Assert.That(network.Message, Does.Contain("container refused").And.Contain("network namespace NODE, but its pod's is POD"));
        Assert.That(ipc.Message, Does.Contain("IPC namespace NODE, but its pod's is POD"));
        Assert.That(userns.Message, Does.Contain("user namespace POD (; ), but its pod's is NODE"));
        Assert.That(await ShAsync(joined, "readlink /proc/self/ns/net"), Is.EqualTo(await ShAsync(await RunAsync(new LinuxContainerSecurityContext(), "other"), "readlink /proc/self/ns/net")));
    }

    [Test]
    public async Task Read_only_rootfs_refuses_writes()
    {
        var id = await RunAsync(new LinuxContainerSecurityContext { ReadonlyRootfs = true });

        Assert.That(await ShAsync(id, "touch /x 2>&1; true"), Does.Contain("Read-only file system"));
    }

    [Test]
    public async Task Runtime_default_refuses_sethostname_without_CAP_SYS_ADMIN_and_unknown_calls_with_ENOSYS_and_allows_it_with_the_capability()
    {
        var plain = await RunAsync(new LinuxContainerSecurityContext { Seccomp = new SecurityProfile() }, "plain");
        var admin = Context(add: ["SYS_ADMIN"], drop: []);
        admin.Seccomp = new SecurityProfile();
        var withAdmin = await RunAsync(admin, "admin");

        Assert.That((await StatusAsync(plain))["Seccomp"], Is.EqualTo("2"));
        Assert.That(await ShAsync(plain, "hostname renamed 2>&1; true"), Does.Contain("Operation not permitted"));
        Assert.That(await ShAsync(plain, "unshare -U true 2>&1; true"), Does.Contain("Function not implemented"), "unshare without CAP_SYS_ADMIN falls to the default action");
        Assert.That(await ShAsync(withAdmin, "hostname renamed && hostname"), Is.EqualTo("renamed"));
    }

    [Test]
    public async Task Unconfined_runs_without_a_filter()
    {
        var admin = Context(add: ["SYS_ADMIN"], drop: []);
        admin.Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Unconfined };
        var id = await RunAsync(admin);

        Assert.That((await StatusAsync(id))["Seccomp"], Is.EqualTo("0"));
        Assert.That(await ShAsync(id, "hostname renamed && hostname"), Is.EqualTo("renamed"));
    }

    [Test]
    public async Task Localhost_profile_from_the_node_applies_its_own_rules()
    {
        var id = await RunAsync(Localhost(Path.Combine(_profiles, "deny-mkdir.json")));

        Assert.That(await ShAsync(id, "mkdir /tmp/d 2>&1; true"), Does.Contain("Permission denied"));
        Assert.That(await ShAsync(id, "touch /tmp/f && echo made"), Is.EqualTo("made"));
    }

    [TestCase("absent.json", "cannot read")]
    [TestCase("broken.json", "not a seccomp profile")]
    public async Task Missing_or_invalid_localhost_profile_is_refused_naming_the_file(string file, string cause)
    {
        var path = Path.Combine(_profiles, file);

        var error = await CreateFailsAsync(Localhost(path));

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain(path).And.Contain(cause));
    }

#pragma warning disable CS0612 // the deprecated field, as older kubelets send it
    [Test]
    public async Task Custom_profile_not_under_localhost_is_refused()
    {
        var error = await CreateFailsAsync(new LinuxContainerSecurityContext { SeccompProfilePath = "my-profile.json" });

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("\"my-profile.json\"").And.Contain("localhost/"));
    }
#pragma warning restore CS0612

    [Test]
    public async Task Seccomp_profile_of_the_configuration_is_the_runtime_default_after_a_reload()
    {
        var before = await RunAsync(new LinuxContainerSecurityContext { Seccomp = new SecurityProfile() }, "before");
        await File.WriteAllTextAsync(_bed.Layout.DropIn("20-seccomp.conf"), $"""
            [crio.runtime]
            seccomp_profile = "{Path.Combine(_profiles, "deny-mkdir.json")}"
            """);
        await _bed.Daemon.ReloadAsync();
        var after = await RunAsync(new LinuxContainerSecurityContext { Seccomp = new SecurityProfile() }, "after");

        Assert.That(await ShAsync(before, "mkdir /tmp/d && echo made"), Is.EqualTo("made"));
        Assert.That(await ShAsync(after, "mkdir /tmp/d 2>&1; true"), Does.Contain("Permission denied"));
    }

    [Test]
    public async Task AppArmor_profile_is_refused_on_a_node_without_AppArmor_and_unconfined_runs()
    {
        var asked = new LinuxContainerSecurityContext { Apparmor = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Localhost, LocalhostRef = "k8s-nginx" } };
        var unconfined = new LinuxContainerSecurityContext { Apparmor = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Unconfined } };

        var error = await CreateFailsAsync(asked);
        var id = await RunAsync(unconfined);

        Assert.That(error.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain("AppArmor profile k8s-nginx: AppArmor is not enabled on this node"));
        Assert.That(await ShAsync(id, "echo running"), Is.EqualTo("running"));
    }

    [Test]
    public async Task SELinux_options_are_ignored_on_a_node_without_SELinux()
    {
        var id = await RunAsync(new LinuxContainerSecurityContext { SelinuxOptions = new SELinuxOption { Type = "container_t", Level = "s0:c1,c2" } });

        Assert.That(await ShAsync(id, "echo running"), Is.EqualTo("running"));
    }

    [Test]
    public async Task Pod_sysctls_are_set_in_the_pod_s_namespaces()
    {
        var pod = _bed.PodConfig("sysctls");
        pod.Linux.Sysctls.Add("kernel.shm_rmid_forced", "1");
        pod.Linux.Sysctls.Add("net.ipv4.ip_unprivileged_port_start", "53");
        var id = await RunAsync(new LinuxContainerSecurityContext(), pod: pod);

        Assert.That(await ShAsync(id, "cat /proc/sys/kernel/shm_rmid_forced /proc/sys/net/ipv4/ip_unprivileged_port_start"), Is.EqualTo("1\n53"));
        Assert.That(await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_unprivileged_port_start"), Is.Not.EqualTo("53\n"), "the node's value is untouched");
    }

    [Test]
    public async Task Sysctls_of_namespaces_a_pod_shares_with_the_node_and_host_level_ones_are_skipped_with_a_warning()
    {
        var nodeShmRmidForced = await File.ReadAllTextAsync("/proc/sys/kernel/shm_rmid_forced");
        var nodePortStart = await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_unprivileged_port_start");
        Assume.That((nodeShmRmidForced, nodePortStart), Is.Not.EqualTo(("1\n", "53\n")), "the node's values differ from the pods'");
        var hostIpc = _bed.PodConfig("host-ipc");
        hostIpc.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Ipc = NamespaceMode.Node } };
        hostIpc.Linux.Sysctls.Add("kernel.shm_rmid_forced", "1");
        hostIpc.Linux.Sysctls.Add("vm.swappiness", "10");
        hostIpc.Linux.Sysctls.Add("net.ipv4.ip_unprivileged_port_start", "53");
        var hostNetwork = _bed.PodConfig("host-network");
        hostNetwork.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } };
        hostNetwork.Linux.Sysctls.Add("net.ipv4.ip_unprivileged_port_start", "53");

        var inHostIpc = await RunAsync(new LinuxContainerSecurityContext(), "ipc", hostIpc);
        var inHostNetwork = await RunAsync(new LinuxContainerSecurityContext(), "net", hostNetwork);

        Assert.That(await ShAsync(inHostIpc, "cat /proc/sys/kernel/shm_rmid_forced /proc/sys/net/ipv4/ip_unprivileged_port_start"), Is.EqualTo(nodeShmRmidForced + "53"));
        Assert.That(await ShAsync(inHostNetwork, "cat /proc/sys/net/ipv4/ip_unprivileged_port_start") + "\n", Is.EqualTo(nodePortStart));
        Assert.That(await File.ReadAllTextAsync("/proc/sys/kernel/shm_rmid_forced"), Is.EqualTo(nodeShmRmidForced), "the node's value is untouched");
        Assert.That(_bed.Daemon.Output, Has.Some.Contains("sysctl kernel.shm_rmid_forced skipped: not allowed with the node's IPC namespace"));
        Assert.That(_bed.Daemon.Output, Has.Some.Contains("sysctl vm.swappiness skipped: not a namespaced sysctl"));
        Assert.That(_bed.Daemon.Output, Has.Some.Contains("sysctl net.ipv4.ip_unprivileged_port_start skipped: not allowed with the node's network namespace"));
    }

    [Test]
    public async Task Configured_capabilities_sysctls_ulimits_and_pids_limit_apply_after_a_restart()
    {
        await File.WriteAllTextAsync(_bed.Layout.DropIn("20-security.conf"), """
            [crio.runtime]
            default_capabilities = ["CHOWN", "NET_RAW"]
            add_inheritable_capabilities = true
            default_sysctls = ["kernel.msgmax=12345"]
            default_ulimits = ["nofile=1024:2048"]
            pids_limit = 77
            """);
        await _bed.RestartAfterCrashAsync();
        var id = await RunAsync(new LinuxContainerSecurityContext());

        var status = await StatusAsync(id);
        var expected = Mask(1UL << 0 | 1UL << 13);
        Assert.That((status["CapBnd"], status["CapEff"], status["CapInh"], status["CapAmb"]), Is.EqualTo((expected, expected, expected, Mask(0))));
        Assert.That(await ShAsync(id, "cat /proc/sys/kernel/msgmax"), Is.EqualTo("12345"));
        Assert.That(await MainProcessAsync(id, "grep 'open files' {}/limits | tr -s ' '"), Is.EqualTo("Max open files 1024 2048 files "));
        Assert.That(await ShAsync(id, "cat /sys/fs/cgroup/pids/pids.max"), Is.EqualTo("77"));
    }

    [Test]
    public async Task Oom_score_adj_is_applied_and_one_below_the_engine_s_own_is_raised_to_it()
    {
        var engine = int.Parse(File.ReadAllText($"/proc/{_bed.DaemonPid}/oom_score_adj").Trim(), CultureInfo.InvariantCulture);
        var low = Config(new LinuxContainerSecurityContext(), "low");
        low.Linux.Resources = new LinuxContainerResources { OomScoreAdj = -999 };
        var high = Config(new LinuxContainerSecurityContext(), "high");
        high.Linux.Resources = new LinuxContainerResources { OomScoreAdj = 500 };
        // Pods of their own: the pod's containers share its PID namespace.
        var (lowPod, lowPodConfig) = await PodAsync(_bed.PodConfig("low"));
        var (highPod, highPodConfig) = await PodAsync(_bed.PodConfig("high"));

        var lowId = await _bed.RunContainerAsync(lowPod, lowPodConfig, low);
        var highId = await _bed.RunContainerAsync(highPod, highPodConfig, high);

        Assert.That(await MainProcessAsync(lowId, "cat {}/oom_score_adj"), Is.EqualTo(Math.Max(-999, engine).ToString(CultureInfo.InvariantCulture)));
        Assert.That(await MainProcessAsync(highId, "cat {}/oom_score_adj"), Is.EqualTo("500"));
    }

    [Test]
    public async Task Oom_score_adj_of_a_resource_update_is_the_process_s_and_what_the_status_reports()
    {
        var engine = int.Parse(File.ReadAllText($"/proc/{_bed.DaemonPid}/oom_score_adj").Trim(), CultureInfo.InvariantCulture);
        var id = await RunAsync(new LinuxContainerSecurityContext());

        var raised = await UpdatedOomScoreAdjAsync(id, 800);
        var lowered = await UpdatedOomScoreAdjAsync(id, -999);

        var expected = Math.Max(-999, engine).ToString(CultureInfo.InvariantCulture);
        Assert.That(raised, Is.EqualTo(("800", 800L)));
        Assert.That(lowered, Is.EqualTo((expected, long.Parse(expected, CultureInfo.InvariantCulture))));
    }

    private async Task<(string Process, long Status)> UpdatedOomScoreAdjAsync(string id, long value)
    {
        await _bed.Client.UnaryAsync(PodTestBed.Runtime + "UpdateContainerResources",
            new UpdateContainerResourcesRequest { ContainerId = id, Linux = new LinuxContainerResources { OomScoreAdj = value } }, UpdateContainerResourcesResponse.Parser);
        var status = await _bed.Client.UnaryAsync(PodTestBed.Runtime + "ContainerStatus", new ContainerStatusRequest { ContainerId = id }, ContainerStatusResponse.Parser);
        return (await MainProcessAsync(id, "cat {}/oom_score_adj"), status.Status.Resources.Linux.OomScoreAdj);
    }

    // The container's own process (sleep 1000), not the exec'd shell: {} is its /proc directory.
    private async Task<string> MainProcessAsync(string id, string command) =>
        await ShAsync(id, $"for p in /proc/[0-9]*; do [ \"$(tr '\\0' ' ' < $p/cmdline)\" = 'sleep 1000 ' ] && {command.Replace("{}", "$p", StringComparison.Ordinal)}; done; true");

    private static string Mask(ulong mask) => mask.ToString("x16", CultureInfo.InvariantCulture);

    private string EngineBoundingSet() =>
        Regex.Match(File.ReadAllText($"/proc/{_bed.DaemonPid}/status"), @"^CapBnd:\s*(\S+)$", RegexOptions.Multiline).Groups[1].Value;

    private static LinuxContainerSecurityContext Context(string[] add, string[] drop)
    {
        var capabilities = new Capability();
        capabilities.AddCapabilities.AddRange(add);
        capabilities.DropCapabilities.AddRange(drop);
        return new LinuxContainerSecurityContext { Capabilities = capabilities };
    }

    private static LinuxContainerSecurityContext Localhost(string path) =>
        new() { Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Localhost, LocalhostRef = path } };

    private async Task<string> RunAsync(LinuxContainerSecurityContext context, string name = "app", PodSandboxConfig? pod = null)
    {
        var (podId, podConfig) = await PodAsync(pod);
        return await _bed.RunContainerAsync(podId, podConfig, Config(context, name));
    }

    private async Task<RpcException> CreateFailsAsync(LinuxContainerSecurityContext context)
    {
        var (podId, podConfig) = await PodAsync(null);
        var request = new CreateContainerRequest { PodSandboxId = podId, Config = Config(context, "refused"), SandboxConfig = podConfig };
        return Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(PodTestBed.Runtime + "CreateContainer", request, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1)))!;
    }

    private async Task<(string Id, PodSandboxConfig Config)> PodAsync(PodSandboxConfig? pod)
    {
        pod ??= _bed.PodConfig("security");
        var key = pod.Metadata.Name;
        if (!_pods.TryGetValue(key, out var running))
        {
            running = (await _bed.RunPodAsync(pod), pod);
            _pods[key] = running;
        }
        return running;
    }

    private ContainerConfig Config(LinuxContainerSecurityContext context, string name)
    {
        var config = _bed.ContainerConfig(name, "sleep", "1000");
        config.Linux = new LinuxContainerConfig { SecurityContext = context };
        return config;
    }

    private async Task<Dictionary<string, string>> StatusAsync(string id) =>
        (await ShAsync(id, "cat /proc/self/status")).Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());

    private async Task<string> ShAsync(string id, string script)
    {
        var result = await _bed.ExecAsync(id, "sh", "-c", script);
        Assert.That(result.ExitCode, Is.EqualTo(0), $"{script}: {result.Stderr.ToStringUtf8()}");
        return result.Stdout.ToStringUtf8().TrimEnd('\n');
    }
}
