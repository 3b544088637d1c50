using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>
/// Pods in their own user namespace on the real daemon: what a process inside sees of its ids and
/// its root filesystem, and the refusal where the handler cannot make one.
/// </summary>
[Category("Integration")]
public sealed class UserNamespaceTests
{
    private const uint HostBase = 65536 * 5;

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        // A temporary directory is 0700; a node's storage root lies under directories anyone may
        // pass through, which the pod's root (a host uid without rights) must, to reach its rootfs.
        File.SetUnixFileMode(_bed.Directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        await _bed.PullBusyboxAsync();
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    private PodSandboxConfig PodWithUserns(string name, NamespaceMode mode = NamespaceMode.Pod)
    {
        var pod = _bed.PodConfig(name);
        var userns = new UserNamespace { Mode = mode };
        if (mode == NamespaceMode.Pod)
        {
            userns.Uids.Add(new IDMapping { ContainerId = 0, HostId = HostBase, Length = 65536 });
            userns.Gids.Add(new IDMapping { ContainerId = 0, HostId = HostBase, Length = 65536 });
        }
        pod.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { UsernsOptions = userns } };
        return pod;
    }

    [Test]
    public async Task A_pod_asking_for_a_user_namespace_runs_in_one_with_its_mappings_and_root_owns_its_rootfs()
    {
        var pod = PodWithUserns("userns");
        var podId = await _bed.RunPodAsync(pod);
        var id = await _bed.RunContainerAsync(podId, pod, _bed.ContainerConfig("app", "sleep", "3600"));

        var uidMap = await _bed.ExecAsync(id, "cat", "/proc/self/uid_map");
        var gidMap = await _bed.ExecAsync(id, "cat", "/proc/self/gid_map");
        var owner = await _bed.ExecAsync(id, "sh", "-c", "ls -lnd /bin/busybox /etc | awk '{ print $3 \":\" $4 }'");
        var write = await _bed.ExecAsync(id, "sh", "-c", "echo ok > /etc/written && cat /etc/written");

        Assert.That(Fields(uidMap), Is.EqualTo(new[] { "0", HostBase.ToString(System.Globalization.CultureInfo.InvariantCulture), "65536" }));
        Assert.That(Fields(gidMap), Is.EqualTo(new[] { "0", HostBase.ToString(System.Globalization.CultureInfo.InvariantCulture), "65536" }));
        Assert.That(owner.Stdout.ToStringUtf8().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "0:0", "0:0" }));
        Assert.That(write.Stdout.ToStringUtf8(), Is.EqualTo("ok\n"), write.Stderr.ToStringUtf8());
        var infra = await _bed.PodStatusAsync(podId);
        Assert.That(infra.State, Is.EqualTo(PodSandboxState.SandboxReady));
    }

    [Test]
    public async Task Removing_the_pod_unpins_its_user_and_network_namespaces()
    {
        var pod = PodWithUserns("unpin");
        var podId = await _bed.RunPodAsync(pod);
        Assert.That(PinnedNamespaces(), Has.Some.StartsWith("user:"), "the pod's user namespace is pinned while it lives");

        await _bed.Client.UnaryAsync(PodTestBed.Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = podId }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        await _bed.Client.UnaryAsync(PodTestBed.Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = podId }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));

        Assert.That(PinnedNamespaces(), Is.Empty);
    }

    /// <summary>The namespaces pinned under the test's directory ("user:[4026…]", "net:[…]").</summary>
    private List<string> PinnedNamespaces() =>
        File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields[4].StartsWith(_bed.Directory.Path, StringComparison.Ordinal) && fields[3].Contains(":[", StringComparison.Ordinal))
            .Select(fields => fields[3])
            .ToList();

    [Test]
    public async Task Mode_node_runs_in_the_node_s_user_namespace()
    {
        var pod = PodWithUserns("hostusers", NamespaceMode.Node);
        var podId = await _bed.RunPodAsync(pod);
        var id = await _bed.RunContainerAsync(podId, pod, _bed.ContainerConfig("app", "sleep", "3600"));

        Assert.That(Fields(await _bed.ExecAsync(id, "cat", "/proc/self/uid_map")), Is.EqualTo(new[] { "0", "0", "4294967295" }));
    }

    [Test]
    public void A_handler_that_cannot_say_it_makes_user_namespaces_refuses_the_pod_naming_itself()
    {
        var request = new RunPodSandboxRequest { Config = PodWithUserns("crun-userns"), RuntimeHandler = "crun" };

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(PodTestBed.Runtime + "RunPodSandbox", request, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(1)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain("runtime handler \"crun\" (/usr/bin/crun) cannot run a pod in a user namespace"));
    }

    [Test]
    public void Mode_container_is_refused()
    {
        var request = new RunPodSandboxRequest { Config = PodWithUserns("container-userns", NamespaceMode.Container) };

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(PodTestBed.Runtime + "RunPodSandbox", request, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(1)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("user namespace mode Container is not valid for a pod"));
    }

    private static string[] Fields(ExecSyncResponse response) =>
        response.Stdout.ToStringUtf8().Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
}
