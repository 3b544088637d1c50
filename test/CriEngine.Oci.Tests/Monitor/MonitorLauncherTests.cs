using System.Text.RegularExpressions;
using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Containers;

namespace CriEngine.Oci.Tests.Monitor;

[TestFixture("runc", "conmon")]
[TestFixture("runc", "crimon")]
[TestFixture("crun", "conmon")]
public sealed partial class MonitorLauncherTests(string runtimeName, string monitorName) : ContainerTestBase(runtimeName, monitorName)
{
    [Test]
    public async Task Created_container_is_reported_with_a_live_pid_and_waits_for_start()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "echo hello; sleep 60");

        var created = await CreateAsync(id);

        Assert.That(Directory.Exists($"/proc/{created.ContainerPid}"), Is.True, "container process alive");
        Assert.That(File.ReadAllText($"/proc/{created.MonitorPid}/comm").Trim(), Is.EqualTo(MonitorName));
        var state = await Runtime.StateAsync(id);
        Assert.That(state, Is.EqualTo(new OciState(id, OciStatus.Created, created.ContainerPid, Environment.BundleDirectory(id))));
    }

    [Test]
    public async Task Started_container_runs_and_its_output_lands_in_the_log_in_cri_format()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "echo hello; echo oops >&2; sleep 60");
        var created = await CreateAsync(id);

        await Runtime.StartAsync(id);

        Assert.That((await Runtime.StateAsync(id))!.Status, Is.EqualTo(OciStatus.Running));
        var log = Environment.LogPath(id);
        Assert.That(await Eventually.TrueAsync(() => File.ReadAllLines(log).Length == 2, TimeSpan.FromSeconds(5)), Is.True, "two log lines");
        var lines = File.ReadAllLines(log);
        Assert.That(lines[0], Does.Match(CriLogLine("stdout", "hello")));
        Assert.That(lines[1], Does.Match(CriLogLine("stderr", "oops")));
        Assert.That(created.ContainerPid, Is.GreaterThan(1));
    }

    [Test]
    public async Task Monitor_is_placed_before_it_starts_anything()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sleep", "60");
        var cgroup = Environment.CreateCgroup("pids", "crio-conmon-" + id);
        var placedPid = 0;

        var created = await CreateAsync(id, request => request with
        {
            PlaceMonitor = async (pid, cancellationToken) =>
            {
                placedPid = pid;
                await File.WriteAllTextAsync(Path.Combine(cgroup, "cgroup.procs"), pid.ToString(), cancellationToken);
            },
        });

        Assert.That(placedPid, Is.GreaterThan(1));
        Assert.That(File.ReadAllText($"/proc/{created.MonitorPid}/cgroup"), Does.Contain($":pids:/criengine-test/crio-conmon-{id}\n"),
            "the monitor the launched one forked into inherited the cgroup it was placed in");
    }

    [Test]
    public async Task Runtime_error_is_relayed_with_the_runtimes_message_and_nothing_is_left()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "/bin/no-such-program");

        var error = Assert.ThrowsAsync<RpcException>(() => CreateAsync(id));

        Assert.That(error!.Message, Does.StartWith($"container {id}: {RuntimeName} create failed"));
        Assert.That(error.Message, Does.Contain("/bin/no-such-program"));
        Assert.That(error.Message, Does.Contain("no such file or directory"));
        Assert.That(await Runtime.StateAsync(id), Is.Null, "the half-created container is deleted");
        Assert.That(File.Exists(Environment.LogPath(id)), Is.False, "the log file is removed");
    }

    [Test]
    public async Task Cancelled_create_kills_the_monitor_and_the_stuck_runtime_under_it()
    {
        var stuck = Environment.Root + "/stuck-runtime";
        File.WriteAllText(stuck, "#!/bin/sh\ncase \"$*\" in *create*) exec sleep 6123;; esac\n");
        File.SetUnixFileMode(stuck, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var launcher = new MonitorLauncher(new OciRuntime(new OciRuntimeHandler(stuck, Environment.RuntimeRoot)), Monitor, new TestLogger());
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "true");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Assert.That(async () => await launcher.CreateContainerAsync(RequestFor(Environment, id), cancellation.Token), Throws.InstanceOf<OperationCanceledException>());

        var monitorPid = int.Parse(File.ReadAllText(MonitorPaths.MonitorPidFile(Environment.BundleDirectory(id))));
        Environment.TrackMonitor(monitorPid);
        Assert.That(await Eventually.TrueAsync(() => IsDead(monitorPid), TimeSpan.FromSeconds(5)), Is.True, "the monitor is killed");
        Assert.That(await Eventually.TrueAsync(() => !Directory.EnumerateDirectories("/proc").Any(IsStuckRuntime), TimeSpan.FromSeconds(5)), Is.True, "and the runtime it waited for");
    }

    private static bool IsStuckRuntime(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline")) == "sleep\0" + "6123\0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static Regex CriLogLine(string stream, string text) =>
        new($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{9}}(Z|[+-]\d\d:\d\d) {stream} F {Regex.Escape(text)}$");
}
