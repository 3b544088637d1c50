using System.Text.RegularExpressions;
using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.TestSupport;

namespace CriEngine.Crimon.Tests.Containers;

public sealed class CreateTests : CrimonTestBase
{
    [Test]
    public async Task Created_container_is_reported_with_a_live_pid_and_waits_for_start()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "echo hello; sleep 60");

        var created = await CreateAsync(id);

        Assert.That(Directory.Exists($"/proc/{created.ContainerPid}"), Is.True, "container process alive");
        Assert.That(File.ReadAllText($"/proc/{created.MonitorPid}/comm").Trim(), Is.EqualTo("crimon"));
        Assert.That(await Runtime.StateAsync(id), Is.EqualTo(new OciState(id, OciStatus.Created, created.ContainerPid, Environment.BundleDirectory(id))));
        Assert.That(File.ReadAllText($"/proc/{created.ContainerPid}/status"), Does.Contain($"\nPPid:\t{created.MonitorPid}\n"),
            "the container's init is the monitor's child (it is a subreaper)");
    }

    [Test]
    public async Task Started_container_output_lands_in_the_log_in_cri_format_and_its_exit_in_the_exit_files()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "echo hello; echo oops >&2; printf partial; exit 3");
        await CreateAsync(id);

        await Runtime.StartAsync(id);

        Assert.That(await ExitCodeAsync(id), Is.EqualTo(3));
        Assert.That(File.ReadAllText(Path.Combine(Environment.BundleDirectory(id), "exit")), Is.EqualTo("3"), "the persist directory's exit file");
        var lines = File.ReadAllLines(Environment.LogPath(id));
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines, Has.Some.Match(CriLogLine("stdout", "F", "hello")));
        Assert.That(lines, Has.Some.Match(CriLogLine("stderr", "F", "oops")));
        Assert.That(lines, Has.Some.Match(CriLogLine("stdout", "P", "partial")));
        Assert.That(Directory.Exists(Path.Combine(Environment.SocketDirectory, id)), Is.False, "the attach symlink is removed");
    }

    [Test]
    public async Task Monitor_is_placed_before_it_starts_anything()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sleep", "60");
        var cgroup = Environment.CreateCgroup("pids", "crio-conmon-" + id);

        var created = await CreateAsync(id, request => request with
        {
            PlaceMonitor = async (pid, cancellationToken) => await File.WriteAllTextAsync(Path.Combine(cgroup, "cgroup.procs"), pid.ToString(), cancellationToken),
        });

        Assert.That(File.ReadAllText($"/proc/{created.MonitorPid}/cgroup"), Does.Contain($":pids:/criengine-test/crio-conmon-{id}\n"));
    }

    [Test]
    public async Task Runtime_error_is_relayed_with_the_runtimes_message_and_nothing_is_left()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "/bin/no-such-program");

        var error = Assert.ThrowsAsync<RpcException>(() => CreateAsync(id));

        Assert.That(error!.Message, Does.StartWith($"container {id}: runc create failed"));
        Assert.That(error.Message, Does.Contain("/bin/no-such-program"));
        Assert.That(error.Message, Does.Contain("no such file or directory"));
        Assert.That(await Runtime.StateAsync(id), Is.Null);
        Assert.That(File.Exists(Environment.LogPath(id)), Is.False);
    }

    [Test]
    public async Task Cancelled_create_kills_the_monitor_and_the_stuck_runtime_under_it()
    {
        var stuck = Environment.Root + "/stuck-runtime";
        File.WriteAllText(stuck, "#!/bin/sh\ncase \"$*\" in *create*) exec sleep 6124;; esac\n");
        File.SetUnixFileMode(stuck, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var launcher = new MonitorLauncher(new OciRuntime(new OciRuntimeHandler(stuck, Environment.RuntimeRoot)), Monitor, new TestLogger());
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "true");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Assert.That(async () => await launcher.CreateContainerAsync(RequestFor(id), cancellation.Token), Throws.InstanceOf<OperationCanceledException>());

        var monitorPid = int.Parse(File.ReadAllText(MonitorPaths.MonitorPidFile(Environment.BundleDirectory(id))));
        Environment.TrackMonitor(monitorPid);
        Assert.That(await Eventually.TrueAsync(() => IsDead(monitorPid), TimeSpan.FromSeconds(5)), Is.True, "the monitor is killed");
        Assert.That(await Eventually.TrueAsync(() => !Directory.EnumerateDirectories("/proc").Any(IsStuckRuntime), TimeSpan.FromSeconds(5)), Is.True,
            "and the runtime it waited for dies with it (PDEATHSIG)");
    }

    [Test]
    public async Task Signal_to_the_monitor_is_forwarded_to_the_container()
    {
        var (id, container) = await RunAsync("sh", "-c", "trap 'echo got TERM; exit 42' TERM; while true; do sleep 0.1; done");
        await Task.Delay(300);

        Assert.That(CriEngine.Crimon.Native.Libc.Kill(container.MonitorPid, CriEngine.Crimon.Native.Constants.SigTerm), Is.Zero);

        Assert.That(await ExitCodeAsync(id), Is.EqualTo(42));
        Assert.That(File.ReadAllText(Environment.LogPath(id)), Does.Contain(" stdout F got TERM"));
    }

    private static bool IsStuckRuntime(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline")) == "sleep\0" + "6124\0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    internal static Regex CriLogLine(string stream, string tag, string text) =>
        new($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{9}}[+-]\d\d:\d\d {stream} {tag} {Regex.Escape(text)}$");
}
