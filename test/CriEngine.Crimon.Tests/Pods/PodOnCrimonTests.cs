using CriEngine.Api;
using CriEngine.Crimon.Tests.Containers;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Crimon.Tests.Pods;

/// <summary>The whole engine, unchanged, with crimon as its monitor (crio.conf <c>conmon</c>): pods, logs, exec, stop, a daemon crash.</summary>
[Category("Integration")]
public sealed class PodOnCrimonTests
{
    private const string Runtime = PodTestBed.Runtime;

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp() => _bed = await PodTestBed.StartAsync(CrimonTestBase.CrimonPath);

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task Container_runs_under_crimon_logs_in_the_cri_format_and_exits_with_its_code()
    {
        var podConfig = _bed.PodConfig("job");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();

        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("main", "sh", "-c", "echo hello from busybox; exit 3"));
        Assert.That(await Eventually.TrueAsync(() => _bed.ContainerStatusAsync(id).Result.State == ContainerState.ContainerExited, TimeSpan.FromSeconds(20)), Is.True);
        var status = await _bed.ContainerStatusAsync(id);

        Assert.That(status.ExitCode, Is.EqualTo(3));
        Assert.That(await File.ReadAllLinesAsync(status.LogPath), Has.Some.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}[+-]\d\d:\d\d stdout F hello from busybox$"));
    }

    [Test]
    public async Task Exec_sync_returns_output_and_a_timed_out_command_is_killed_and_reaped()
    {
        var podConfig = _bed.PodConfig("exec");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("sleeper", "sleep", "1000"));

        var seven = await ExecAsync(id, 10, "sh", "-c", "echo out; echo err >&2; exit 7");
        var timedOut = await ExecAsync(id, 1, "sleep", "31");

        Assert.That((seven.ExitCode, seven.Stdout.ToStringUtf8(), seven.Stderr.ToStringUtf8()), Is.EqualTo((7, "out\n", "err\n")));
        Assert.That((timedOut.ExitCode, timedOut.Stderr.ToStringUtf8()), Is.EqualTo((-1, "command timed out")));
        Assert.That(Directory.EnumerateDirectories("/proc").Any(IsTimedOutSleep), Is.False, "the command is neither running nor a zombie");
        Assert.That(MonitorNames(), Has.Member("crimon").And.No.Member("conmon"), "the pod's and the container's monitors");
    }

    [Test]
    public async Task Stop_kills_after_the_timeout_and_the_exit_is_recorded()
    {
        var podConfig = _bed.PodConfig("stopper");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("stubborn", "sh", "-c", "trap '' TERM; sleep 1000"));

        await _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = id, Timeout = 1 }, StopContainerResponse.Parser, TimeSpan.FromMinutes(1));

        var stopped = await _bed.ContainerStatusAsync(id);
        Assert.That((stopped.State, stopped.ExitCode), Is.EqualTo((ContainerState.ContainerExited, 137)));
    }

    [Test]
    public async Task Running_containers_survive_a_daemon_crash_and_exits_while_it_was_down_are_seen()
    {
        var podConfig = _bed.PodConfig("survivor");
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var keeps = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("keeps", "sleep", "1000"));
        var ends = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("ends", "sh", "-c", "sleep 2; exit 5"));

        await _bed.Daemon.SignalAsync("KILL");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _bed.RestartAfterCrashAsync();

        Assert.That((await _bed.ContainerStatusAsync(keeps)).State, Is.EqualTo(ContainerState.ContainerRunning));
        var ended = await _bed.ContainerStatusAsync(ends);
        Assert.That((ended.State, ended.ExitCode), Is.EqualTo((ContainerState.ContainerExited, 5)));
    }

    private async Task<ExecSyncResponse> ExecAsync(string id, long timeout, params string[] command)
    {
        var request = new ExecSyncRequest { ContainerId = id, Timeout = timeout };
        request.Cmd.AddRange(command);
        return await _bed.Client.UnaryAsync(Runtime + "ExecSync", request, ExecSyncResponse.Parser, TimeSpan.FromMinutes(1));
    }

    private static bool IsTimedOutSleep(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline")) == "sleep\0" + "31\0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The commands of the monitors of this test bed's containers, by their PID files.</summary>
    private List<string> MonitorNames() =>
        Directory.EnumerateFiles(_bed.Directory.Path, "conmon-pidfile", SearchOption.AllDirectories)
            .Select(file => File.ReadAllText(file).Trim())
            .Select(pid => File.Exists($"/proc/{pid}/comm") ? File.ReadAllText($"/proc/{pid}/comm").Trim() : "gone")
            .ToList();
}
