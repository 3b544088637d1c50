using System.Diagnostics;
using System.Text;
using CriEngine.Platform.Processes;

namespace CriEngine.Oci.Tests.Processes;

public sealed class ProcessRunnerTests
{
    [Test]
    public async Task Exit_code_and_separate_output_are_returned()
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]));

        Assert.That(result, Is.EqualTo(new ProcessResult(3, "out\n", "err\n")));
    }

    [Test]
    public async Task Arguments_reach_the_program_as_they_are_without_a_shell()
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("/bin/echo", ["a  b", "$HOME;", "`id`", "*"]));

        Assert.That(result.Stdout, Is.EqualTo("a  b $HOME; `id` *\n"));
    }

    [Test]
    public async Task Child_gets_exactly_the_given_environment_and_working_directory()
    {
        var spec = new ProcessSpec("/usr/bin/env", [])
        {
            Environment = new Dictionary<string, string> { ["ONLY"] = "this" },
            WorkingDirectory = "/proc",
        };
        Assert.That((await ProcessRunner.RunAsync(spec)).Stdout, Is.EqualTo("ONLY=this\n"));
        Assert.That((await ProcessRunner.RunAsync(spec with { Program = "/bin/pwd" })).Stdout, Is.EqualTo("/proc\n"));
    }

    [Test]
    public async Task Stdin_bytes_are_fed_and_then_closed()
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("/bin/cat", []) { Stdin = "hello\nworld"u8.ToArray() });

        Assert.That(result.Stdout, Is.EqualTo("hello\nworld"));
    }

    [Test]
    public async Task A_child_that_does_not_read_its_stdin_still_completes()
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec("/bin/true", []) { Stdin = new byte[4 * 1024 * 1024], Timeout = TimeSpan.FromSeconds(10) });

        Assert.That(result.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Output_past_the_limit_is_dropped_without_blocking_the_child()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "head -c 10000000 /dev/zero | tr '\\0' x; echo done >&2"]) { OutputLimit = 1000, Timeout = TimeSpan.FromSeconds(20) };

        var result = await ProcessRunner.RunAsync(spec);

        Assert.That(result.Stdout, Is.EqualTo(new string('x', 1000)));
        Assert.That(result.Stderr, Is.EqualTo("done\n"));
    }

    [Test]
    public void Timeout_kills_the_child_by_its_pid_and_reaps_it()
    {
        var pid = 0;
        var spec = new ProcessSpec("/bin/sh", ["-c", "echo starting >&2; exec sleep 30"])
        {
            Timeout = TimeSpan.FromMilliseconds(500),
            OnStarted = (started, _) =>
            {
                pid = started;
                return Task.CompletedTask;
            },
        };
        var clock = Stopwatch.StartNew();

        var failure = Assert.ThrowsAsync<ProcessFailedException>(() => ProcessRunner.RunAsync(spec));

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(failure!.TimedOut, Is.True);
        Assert.That(failure.ExitCode, Is.Null);
        Assert.That(failure.Message, Is.EqualTo("sh timed out after 0.5 s and was killed: starting"));
        Assert.That(Directory.Exists($"/proc/{pid}"), Is.False, "killed and reaped, not left a zombie");
    }

    [Test]
    public void Cancellation_kills_the_child_by_its_pid_and_reaps_it()
    {
        var pid = 0;
        using var cancellation = new CancellationTokenSource();
        var spec = new ProcessSpec("/bin/sleep", ["30"])
        {
            OnStarted = (started, _) =>
            {
                pid = started;
                cancellation.CancelAfter(200);
                return Task.CompletedTask;
            },
        };

        Assert.That(async () => await ProcessRunner.RunAsync(spec, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(pid, Is.GreaterThan(0));
        Assert.That(Directory.Exists($"/proc/{pid}"), Is.False);
    }

    [Test]
    public void A_failing_start_hook_kills_and_reaps_the_child_and_propagates()
    {
        var pid = 0;
        var spec = new ProcessSpec("/bin/sleep", ["30"])
        {
            OnStarted = (started, _) =>
            {
                pid = started;
                throw new IOException("cgroup refused the pid");
            },
        };

        Assert.That(async () => await ProcessRunner.RunAsync(spec), Throws.InstanceOf<IOException>().With.Message.EqualTo("cgroup refused the pid"));
        Assert.That(Directory.Exists($"/proc/{pid}"), Is.False);
    }

    [Test]
    public async Task Failure_names_the_program_its_exit_code_and_the_end_of_its_stderr()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "head -c 100000 /dev/zero | tr '\\0' x >&2; echo >&2; echo 'last words' >&2; exit 4"]);
        var result = await ProcessRunner.RunAsync(spec);

        var failure = Assert.Throws<ProcessFailedException>(() => result.ThrowIfFailed(spec));

        Assert.That(failure!.Program, Is.EqualTo("/bin/sh"));
        Assert.That(failure.ExitCode, Is.EqualTo(4));
        Assert.That(failure.StderrTail, Does.EndWith("xxx\nlast words").And.StartWith("…"));
        Assert.That(failure.StderrTail, Has.Length.LessThanOrEqualTo(ProcessResult.TailLength + 1));
        Assert.That(failure.Message, Is.EqualTo($"sh failed (exit 4): {failure.StderrTail}"));
    }

    [Test]
    public void A_program_that_cannot_start_fails_naming_it()
    {
        var failure = Assert.ThrowsAsync<ProcessFailedException>(() => ProcessRunner.RunAsync(new ProcessSpec("/no/such/program", [])));

        Assert.That(failure!.Message, Does.StartWith("/no/such/program could not be started: "));
        Assert.That(failure.ExitCode, Is.Null);
    }

    [Test]
    public async Task Inherited_pipe_reaches_the_child_under_the_number_its_variable_names()
    {
        using var pipe = InheritedPipe.Create("_TEST_PIPE");
        var spec = new ProcessSpec("/bin/bash", ["-c", "read -r line <&$_TEST_PIPE; echo \"got $line on $_TEST_PIPE\" >&$_TEST_PIPE"]) { Pipes = [pipe] };
        await pipe.Parent.WriteAsync("ping\n"u8.ToArray());

        var result = await ProcessRunner.RunAsync(spec);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        var reply = await new StreamReader(pipe.Parent).ReadToEndAsync();
        Assert.That(reply, Does.Match(@"^got ping on \d+\n$"), "and end of file once the child is gone: the parent holds no copy of the child's end");
    }

    [Test]
    public void A_pipe_is_given_to_one_child_only()
    {
        using var pipe = InheritedPipe.Create("_TEST_PIPE");
        var spec = new ProcessSpec("/bin/true", []) { Pipes = [pipe] };

        Assert.That(async () => await ProcessRunner.RunAsync(spec), Throws.Nothing);
        Assert.That(async () => await ProcessRunner.RunAsync(spec), Throws.InvalidOperationException);
    }

    [Test]
    public async Task Children_started_at_the_same_time_do_not_inherit_another_childs_pipe()
    {
        var leaks = new List<string>();
        for (var round = 0; round < 30; round++)
        {
            var pipes = Enumerable.Range(0, 4).Select(_ => InheritedPipe.Create("_TEST_PIPE")).ToList();
            try
            {
                var withPipes = pipes.Select(pipe => Task.Run(() => ProcessRunner.RunAsync(
                    new ProcessSpec("/bin/bash", ["-c", "echo hi >&$_TEST_PIPE"]) { Pipes = [pipe] })));
                var others = Enumerable.Range(0, 8).Select(_ => Task.Run(() => ProcessRunner.RunAsync(new ProcessSpec("/bin/ls", ["-l", "/proc/self/fd"])))).ToList();
                await Task.WhenAll(withPipes);
                foreach (var listing in await Task.WhenAll(others))
                    leaks.AddRange(listing.Stdout.Split('\n').Where(line => line.Contains("socket:", StringComparison.Ordinal)));
                foreach (var pipe in pipes)
                    Assert.That(await new StreamReader(pipe.Parent, Encoding.ASCII).ReadToEndAsync(), Is.EqualTo("hi\n"));
            }
            finally
            {
                pipes.ForEach(pipe => pipe.Dispose());
            }
        }

        Assert.That(leaks, Is.Empty);
    }
}
