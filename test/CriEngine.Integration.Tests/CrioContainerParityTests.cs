using System.Text.Json.Nodes;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>
/// Containers as CRI-O 1.36 makes them where OpenShift workloads notice the difference, seen from
/// inside the containers on the real daemon with runc: arbitrary ids in the user database,
/// /run/.containerenv, seccomp per container, devices of privileged containers, verbose status
/// info, and the refusals with their messages.
/// </summary>
[Category("Integration")]
public sealed class CrioContainerParityTests
{
    // What OpenShift's restricted SCC gives the first pod of a project.
    private const long ArbitraryUid = 1000680000;

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp() => _bed = await PodTestBed.StartAsync();

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task An_arbitrary_uid_and_gid_get_entries_in_passwd_and_group_and_a_home()
    {
        var id = await RunAsync("arbitrary", new LinuxContainerSecurityContext
        {
            RunAsUser = new Int64Value { Value = ArbitraryUid },
            RunAsGroup = new Int64Value { Value = ArbitraryUid },
        });

        Assert.That(await ShAsync(id, "id"), Is.EqualTo($"uid={ArbitraryUid}({ArbitraryUid}) gid={ArbitraryUid}({ArbitraryUid}) groups={ArbitraryUid}({ArbitraryUid})"));
        Assert.That(await ShAsync(id, "cat /etc/passwd"), Is.EqualTo(BusyboxLayer.Passwd + $"{ArbitraryUid}:x:{ArbitraryUid}:0:{ArbitraryUid} user:/:/sbin/nologin"));
        Assert.That(await ShAsync(id, "cat /etc/group"), Is.EqualTo(BusyboxLayer.Group + $"{ArbitraryUid}:x:{ArbitraryUid}:"));
        Assert.That(await ShAsync(id, "whoami; echo $HOME"), Is.EqualTo($"{ArbitraryUid}\n/"));
    }

    [Test]
    public async Task A_generated_entry_takes_its_home_from_HOME_and_a_known_user_keeps_the_image_s_files_and_home()
    {
        var withHome = _bed.ContainerConfig("with-home", "sleep", "1000");
        withHome.Envs.Add(new KeyValue { Key = "HOME", Value = "/tmp" });
        withHome.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = ArbitraryUid } } };
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("homes");
        var arbitrary = await _bed.RunContainerAsync(pod, podConfig, withHome);
        var known = _bed.ContainerConfig("known", "sleep", "1000");
        known.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = BusyboxLayer.AppUid } } };
        var app = await _bed.RunContainerAsync(pod, podConfig, known);

        Assert.That(await ShAsync(arbitrary, "grep ^1000680000: /etc/passwd; echo $HOME"), Is.EqualTo($"{ArbitraryUid}:x:{ArbitraryUid}:0:{ArbitraryUid} user:/tmp:/sbin/nologin\n/tmp"));
        Assert.That(await ShAsync(app, "cat /etc/passwd; cat /etc/group; echo $HOME"), Is.EqualTo(BusyboxLayer.Passwd + BusyboxLayer.Group + "/home/app"));
    }

    [Test]
    public async Task HOME_with_a_newline_is_refused_as_a_passwd_injection()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("injection");
        var config = _bed.ContainerConfig("injected", "sleep", "1000");
        config.Envs.Add(new KeyValue { Key = "HOME", Value = "/tmp\nevil:x:0:0::/:/bin/sh" });
        config.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = ArbitraryUid } } };

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.RunContainerAsync(pod, podConfig, config));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("HOME contains a newline"));
    }

    [Test]
    public async Task Every_container_has_an_empty_read_only_run_containerenv()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("containerenv");
        var first = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("first", "sleep", "1000"));
        var second = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("second", "sleep", "1000"));

        foreach (var id in new[] { first, second })
        {
            Assert.That(await ShAsync(id, "test -f /run/.containerenv && wc -c < /run/.containerenv"), Is.EqualTo("0"));
            Assert.That(await ShAsync(id, "(echo x > /run/.containerenv) 2>&1; true"), Does.Contain("Read-only file system"));
        }
    }

    [Test]
    public async Task A_privileged_container_asking_for_a_device_at_a_path_the_host_has_is_refused()
    {
        var podConfig = _bed.PodConfig("privileged");
        podConfig.Linux.SecurityContext = new LinuxSandboxSecurityContext { Privileged = true };
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var config = _bed.ContainerConfig("devices", "sleep", "1000");
        config.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { Privileged = true } };
        config.Devices.Add(new Device { HostPath = "/dev/zero", ContainerPath = "/dev/null", Permissions = "rwm" });
        var same = _bed.ContainerConfig("same", "sleep", "1000");
        same.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { Privileged = true } };
        same.Devices.Add(new Device { HostPath = "/dev/null", ContainerPath = "/dev/null", Permissions = "rwm" });

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.RunContainerAsync(pod, podConfig, config));
        var sameDevice = await _bed.RunContainerAsync(pod, podConfig, same);

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("device /dev/zero at /dev/null: a privileged container was configured with a device container path that already exists on the host"));
        Assert.That(await ShAsync(sameDevice, "echo gone > /dev/null && head -c 3 /dev/zero | wc -c"), Is.EqualTo("3"));
    }

    [Test]
    public async Task An_unconfined_container_in_a_runtime_default_pod_runs_without_a_filter()
    {
        var podConfig = _bed.PodConfig("seccomp");
        podConfig.Linux.SecurityContext = new LinuxSandboxSecurityContext { Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault } };
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var unconfined = _bed.ContainerConfig("unconfined", "sleep", "1001");
        unconfined.Linux = new LinuxContainerConfig
        {
            SecurityContext = new LinuxContainerSecurityContext { Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Unconfined } },
        };
        var confined = _bed.ContainerConfig("confined", "sleep", "1002");
        confined.Linux = new LinuxContainerConfig
        {
            SecurityContext = new LinuxContainerSecurityContext { Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault } },
        };

        var withoutFilter = await _bed.RunContainerAsync(pod, podConfig, unconfined);
        var withFilter = await _bed.RunContainerAsync(pod, podConfig, confined);

        // The pod shares one pid namespace: each container's own process is found by its arguments.
        Assert.That(await ShAsync(withoutFilter, SeccompModes("sleep 1001")), Is.EqualTo("0 0"), "the container's process, then the exec'd one");
        Assert.That(await ShAsync(withFilter, SeccompModes("sleep 1002")), Is.EqualTo("2 2"));
    }

    [Test]
    public async Task Verbose_statuses_carry_CRI_O_s_info_for_the_container_and_the_pod()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("verbose");
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("app", "sleep", "1000"));

        var container = await _bed.Client.UnaryAsync(PodTestBed.Runtime + "ContainerStatus", new ContainerStatusRequest { ContainerId = id, Verbose = true }, ContainerStatusResponse.Parser);
        var sandbox = await _bed.Client.UnaryAsync(PodTestBed.Runtime + "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = pod, Verbose = true }, PodSandboxStatusResponse.Parser);
        var containerInfo = JsonNode.Parse(container.Info["info"])!.AsObject();
        var sandboxInfo = JsonNode.Parse(sandbox.Info["info"])!.AsObject();

        Assert.That(containerInfo.Select(field => field.Key), Is.EqualTo(new[] { "sandboxID", "pid", "runtimeSpec", "privileged" }));
        Assert.That(((string?)containerInfo["sandboxID"], (bool?)containerInfo["privileged"]), Is.EqualTo((pod, (bool?)false)));
        Assert.That((int)containerInfo["pid"]!, Is.GreaterThan(0));
        Assert.That(containerInfo["runtimeSpec"]!["process"]!["args"]!.AsArray().Select(arg => (string?)arg), Is.EqualTo(new[] { "sleep", "1000" }));
        Assert.That(sandboxInfo.Select(field => field.Key), Is.EqualTo(new[] { "image", "pid", "runtimeSpec" }));
        Assert.That((string?)sandboxInfo["image"], Is.EqualTo(_bed.PauseImage));
        Assert.That((int)sandboxInfo["pid"]!, Is.GreaterThan(0));
        Assert.That((string?)sandboxInfo["runtimeSpec"]!["annotations"]!["io.kubernetes.cri-o.ContainerType"], Is.EqualTo("sandbox"));
    }

    [Test]
    public async Task Pod_status_carries_the_time_it_was_taken_and_its_containers_statuses()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("stamped");
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("app", "sleep", "1000"));
        var before = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

        var sandbox = await _bed.Client.UnaryAsync(PodTestBed.Runtime + "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = pod }, PodSandboxStatusResponse.Parser);

        var after = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        Assert.That(sandbox.Timestamp, Is.InRange(before, after));
        Assert.That(sandbox.ContainersStatuses.Select(status => (status.Id, status.State)), Is.EqualTo(new[] { (id, ContainerState.ContainerRunning) }));
    }

    private async Task<string> RunAsync(string name, LinuxContainerSecurityContext context)
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync(name);
        var config = _bed.ContainerConfig("app", "sleep", "1000");
        config.Linux = new LinuxContainerConfig { SecurityContext = context };
        return await _bed.RunContainerAsync(pod, podConfig, config);
    }

    /// <summary>The seccomp mode of the container's process running <paramref name="command"/>, then of the exec'd shell.</summary>
    private static string SeccompModes(string command) =>
        $"for p in /proc/[0-9]*; do [ \"$(tr '\\0' ' ' < $p/cmdline)\" = '{command} ' ] && main=$(grep ^Seccomp: $p/status | cut -f2); done; " +
        "echo $main $(grep ^Seccomp: /proc/self/status | cut -f2)";

    private async Task<string> ShAsync(string id, string script)
    {
        var result = await _bed.ExecAsync(id, "sh", "-c", script);
        Assert.That(result.ExitCode, Is.EqualTo(0), $"{script}: {result.Stderr.ToStringUtf8()}");
        return result.Stdout.ToStringUtf8().TrimEnd('\n');
    }
}
