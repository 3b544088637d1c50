using System.Diagnostics;
using System.Text;
using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Containers;

namespace CriEngine.Oci.Tests.Monitor;

[TestFixture("runc", "conmon")]
[TestFixture("runc", "crimon")]
[TestFixture("crun", "conmon")]
public sealed class ExecSyncRunnerTests(string runtimeName, string monitorName) : ContainerTestBase(runtimeName, monitorName)
{
    private ExecSyncRunner _exec = null!;
    private string _id = null!;

    [SetUp]
    public async Task StartContainer()
    {
        _exec = new ExecSyncRunner(Runtime, Monitor, new TestLogger());
        (_id, _) = await RunAsync("sleep", "600");
    }

    [Test]
    public async Task Output_and_exit_code_of_a_command_are_returned()
    {
        var result = await ExecAsync(TimeSpan.FromSeconds(10), "echo", "hello world");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(Encoding.UTF8.GetString(result.Stdout), Is.EqualTo("hello world\n"));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task Nonzero_exit_code_and_separate_stderr_are_returned()
    {
        var result = await ExecAsync(TimeSpan.FromSeconds(10), "sh", "-c", "echo out; echo err >&2; printf partial; exit 7");

        Assert.That(result.ExitCode, Is.EqualTo(7));
        Assert.That(Encoding.UTF8.GetString(result.Stdout), Is.EqualTo("out\npartial"));
        Assert.That(Encoding.UTF8.GetString(result.Stderr), Is.EqualTo("err\n"));
    }

    [Test]
    public async Task Command_runs_as_the_container_process_in_its_namespaces()
    {
        var result = await ExecAsync(TimeSpan.Zero, "sh", "-c", "echo $HOME $(hostname 2>/dev/null || cat /proc/sys/kernel/hostname); cat /proc/1/cmdline");

        Assert.That(Encoding.UTF8.GetString(result.Stdout), Is.EqualTo("/root test\nsleep\0" + "600\0"));
    }

    [Test]
    public async Task Timed_out_command_is_killed_and_reaped_before_the_answer()
    {
        var clock = Stopwatch.StartNew();
        var running = ExecAsync(TimeSpan.FromSeconds(1), "sleep", "987");
        var pid = await CommandPidAsync("sleep\0" + "987\0");

        var result = await running;

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(6)), "answered at the timeout, not conmon's later one");
        Assert.That(result.ExitCode, Is.EqualTo(-1));
        Assert.That(Encoding.UTF8.GetString(result.Stderr), Is.EqualTo("command timed out"));
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(Directory.Exists($"/proc/{pid}"), Is.False, $"command {pid} neither running nor a zombie");
    }

    [Test]
    public async Task Timeout_kills_what_the_command_started_too()
    {
        var running = ExecAsync(TimeSpan.FromSeconds(1), "sh", "-c", "sleep 986; true");
        var shell = await CommandPidAsync("sh\0-c\0sleep 986; true\0");
        var sleep = await CommandPidAsync("sleep\0" + "986\0");

        var result = await running;

        Assert.That(result.ExitCode, Is.EqualTo(-1));
        Assert.That(Directory.Exists($"/proc/{shell}"), Is.False, "the shell is reaped");
        // Orphaned inside the container's PID namespace, the shell's child is its init's to reap: killed is what the engine owes.
        Assert.That(await Eventually.TrueAsync(() => IsDead(sleep), TimeSpan.FromSeconds(5)), Is.True, "its child is killed");
    }

    [Test]
    public async Task Large_output_is_cut_at_16_MiB()
    {
        var line = new string('x', 199);
        var result = await ExecAsync(TimeSpan.FromSeconds(60), "sh", "-c", $"yes {line} | head -c 20000000");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stdout.Length, Is.EqualTo(16 * 1024 * 1024));
        Assert.That(Encoding.ASCII.GetString(result.Stdout, 0, 400), Is.EqualTo(line + "\n" + line + "\n"));
    }

    [Test]
    public void Missing_program_is_an_error_with_the_runtimes_message()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => ExecAsync(TimeSpan.FromSeconds(10), "/bin/no-such-program"));

        Assert.That(error!.Message, Does.StartWith($"container {_id}: exec failed: "));
        Assert.That(error.Message, Does.Contain("/bin/no-such-program"));
    }

    private Task<ExecSyncResult> ExecAsync(TimeSpan timeout, params string[] command) =>
        _exec.RunAsync(new ExecSyncRequest(_id, "test-" + _id, Environment.BundleDirectory(_id), Environment.SocketDirectory, command, timeout));

    /// <summary>The host PID of the process in this test's container whose command line is <paramref name="commandLine"/>, once it runs.</summary>
    private async Task<int> CommandPidAsync(string commandLine)
    {
        var pid = 0;
        Assert.That(await Eventually.TrueAsync(() => (pid = FindInContainer(commandLine)) > 0, TimeSpan.FromSeconds(10)), Is.True, $"{commandLine.Replace('\0', ' ')} started");
        return pid;
    }

    private int FindInContainer(string commandLine)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")) == commandLine
                    && File.ReadAllText(Path.Combine(directory, "cgroup")).Contains($":pids:/criengine-test/{_id}\n", StringComparison.Ordinal))
                    return int.Parse(Path.GetFileName(directory));
            }
            catch (IOException)
            {
            }
        }
        return 0;
    }
}
