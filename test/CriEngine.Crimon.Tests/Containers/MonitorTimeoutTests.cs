using System.Diagnostics;
using System.Text;
using CriEngine.Crimon.Tests.Native;
using CriEngine.TestSupport;

namespace CriEngine.Crimon.Tests.Containers;

/// <summary>crimon's own <c>-T</c> in exec mode, as conmon's callers use it: the command is killed, reaped, and the timeout reported.</summary>
public sealed class MonitorTimeoutTests : CrimonTestBase
{
    [Test]
    public async Task Exec_past_its_timeout_is_killed_reaped_and_reported_as_timed_out()
    {
        var (id, _) = await RunAsync("sleep", "600");
        var work = Path.Combine(Environment.Root, "exec");
        Directory.CreateDirectory(work);
        var processFile = Path.Combine(work, "process.json");
        File.WriteAllText(processFile, """{"terminal":false,"user":{"uid":0,"gid":0},"args":["sleep","987"],"env":["PATH=/bin"],"cwd":"/"}""");
        var pidFile = Path.Combine(work, "pid");
        var (syncParent, syncChild) = SocketPairs.Create();
        using var parentEnd = syncParent;
        var start = new ProcessStartInfo(CrimonPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["_OCI_SYNCPIPE"] = syncChild.ToString() },
        };
        foreach (var argument in new[] { "-c", id, "-n", "x", "-r", RuncPath, "--runtime-arg", "--root=" + Environment.RuntimeRoot, "-p", pidFile, "-e",
                     "-l", "k8s-file:" + Path.Combine(work, "log"), "--socket-dir-path", Environment.SocketDirectory, "--sync", "-T", "1", "--exec-process-spec", processFile })
            start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();

        using var monitor = Process.Start(start)!;
        SocketPairs.Close(syncChild);
        await monitor.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        var commandPid = int.Parse(File.ReadAllText(pidFile));
        Assert.That(Directory.Exists($"/proc/{commandPid}"), Is.False, "the command is reaped, not a zombie");
        Assert.That(SocketPairs.ReadAll(parentEnd), Is.EqualTo("{\"exit_code\": -1, \"message\": \"command timed out\"}\n"));
        Assert.That(monitor.ExitCode, Is.EqualTo(255));
    }
}
