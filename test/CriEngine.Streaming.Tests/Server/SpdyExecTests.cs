using System.Text;
using CriEngine.Streaming.Spdy;
using CriEngine.Streaming.Tests.Support;
using CriEngine.TestSupport;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Server;

/// <summary>Exec and attach over SPDY against real processes, as kubectl and crictl run them.</summary>
public sealed class SpdyExecTests
{
    private TestServer _test = null!;

    [SetUp]
    public async Task Start() => _test = await TestServer.StartAsync();

    [TearDown]
    public async Task Stop() => await _test.DisposeAsync();

    [Test]
    public async Task Exec_sends_stdout_and_stderr_on_their_streams_and_success_on_the_error_stream()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["sh", "-c", "echo out; echo err >&2"], false, false, true, true));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: false, stdout: true, stderr: true, tty: false);

        Assert.That((await session.StatusAsync()).ToJsonString(), Is.EqualTo("""{"metadata":{},"status":"Success"}"""));
        Assert.That(await session.Stdout!.ReadToEndAsync(), Is.EqualTo("out\n"));
        Assert.That(await session.Stderr!.ReadToEndAsync(), Is.EqualTo("err\n"));
        Assert.That(await session.Client.GoAway, Is.EqualTo(new GoAwayFrame(5, 0)));
    }

    [Test]
    public async Task Exec_passes_stdin_to_the_command_until_the_client_closes_it()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["tr", "a-z", "A-Z"], false, true, true, false));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: true, stdout: true, stderr: false, tty: false);

        await session.Stdin!.WriteAsync("hello ");
        await session.Stdin.WriteAsync("world\n", fin: true);

        Assert.That(await session.Stdout!.ReadToEndAsync(), Is.EqualTo("HELLO WORLD\n"));
        Assert.That((string?)(await session.StatusAsync())["status"], Is.EqualTo("Success"));
    }

    [Test]
    public async Task Exec_exit_code_is_reported_as_the_ExitCode_cause()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["sh", "-c", "exit 3"], false, false, true, false));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: false, stdout: true, stderr: false, tty: false);

        var status = await session.StatusAsync();

        Assert.That((string?)status["status"], Is.EqualTo("Failure"));
        Assert.That((string?)status["reason"], Is.EqualTo("NonZeroExitCode"));
        Assert.That(status["details"]!["causes"]!.ToJsonString(), Is.EqualTo("""[{"reason":"ExitCode","message":"3"}]"""));
        Assert.That((string?)status["message"], Is.EqualTo("command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3"));
    }

    [Test]
    public async Task Before_v4_only_a_failure_message_is_sent_on_the_error_stream()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["sh", "-c", "exit 2"], false, false, true, false));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: false, stdout: true, stderr: false, tty: false, protocol: "v2.channel.k8s.io");

        Assert.That(session.Client.ResponseHead, Does.Contain("X-Stream-Protocol-Version: v2.channel.k8s.io"));
        Assert.That(await session.Error.ReadToEndAsync(), Is.EqualTo("command terminated with non-zero exit code: error executing command [sh -c exit 2], exit code 2"));
    }

    [Test]
    public async Task Exec_with_a_tty_hands_resize_events_to_the_runtime()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["sh", "-c", "read line; echo got-$line"], true, true, true, false));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: true, stdout: true, stderr: false, tty: true);

        await session.Resize!.WriteAsync("{\"Width\":80,\"Height\":24}\n{\"width\":");
        await session.Resize.WriteAsync("132,\"height\":43}\n");
        Assert.That(await Eventually.TrueAsync(() => _test.Runtime.Resizes.Count == 2, TimeSpan.FromSeconds(10)), Is.True);
        await session.Stdin!.WriteAsync("x\n");

        Assert.That(await session.Stdout!.ReadToEndAsync(), Does.Contain("got-x"));
        Assert.That(_test.Runtime.Resizes, Is.EqualTo(new[] { new TerminalSize(80, 24), new TerminalSize(132, 43) }));
        Assert.That((string?)(await session.StatusAsync())["status"], Is.EqualTo("Success"));
    }

    [Test]
    public async Task Several_megabytes_of_output_arrive_whole_and_in_order()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["seq", "1", "1000000"], false, false, true, false));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: false, stdout: true, stderr: false, tty: false);

        var output = await session.Stdout!.ReadToEndAsync(TimeSpan.FromSeconds(60));

        var expected = new StringBuilder();
        for (var i = 1; i <= 1000000; i++)
            expected.Append(i).Append('\n');
        Assert.That(output.Length, Is.EqualTo(expected.Length));
        Assert.That(output, Is.EqualTo(expected.ToString()));
        Assert.That((string?)(await session.StatusAsync())["status"], Is.EqualTo("Success"));
    }

    [Test]
    public async Task Megabytes_of_stdin_pass_through_while_output_flows_back()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["cat"], false, true, true, false));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: true, stdout: true, stderr: false, tty: false);
        var input = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(input);

        // As client-go does: 32 KiB writes, no regard for windows, reading output at the same time.
        for (var offset = 0; offset < input.Length; offset += 32 * 1024)
            await session.Stdin!.WriteAsync(input[offset..(offset + 32 * 1024)]);
        await session.Stdin!.CloseAsync();
        await session.Stdout!.Ended.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(session.Stdout.Received, Is.EqualTo(input));
        Assert.That((string?)(await session.StatusAsync())["status"], Is.EqualTo("Success"));
    }

    [Test]
    public async Task Attach_joins_the_running_process_and_ends_when_its_output_ends()
    {
        _test.Runtime.StartContainer("c1", "sh", "-c", "read line; echo attached-$line");
        var url = _test.Server.GetAttachUrl(new AttachRequest("c1", false, true, true, true));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: true, stdout: true, stderr: true, tty: false);

        await session.Stdin!.WriteAsync("ok\n", fin: true);

        Assert.That(await session.Stdout!.ReadToEndAsync(), Is.EqualTo("attached-ok\n"));
        Assert.That((string?)(await session.StatusAsync())["status"], Is.EqualTo("Success"));
    }

    [Test]
    public async Task A_runtime_failure_is_reported_as_an_internal_error_with_its_message()
    {
        var url = _test.Server.GetAttachUrl(new AttachRequest("missing", false, false, true, false));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: false, stdout: true, stderr: false, tty: false);

        var status = await session.StatusAsync();

        Assert.That((string?)status["reason"], Is.EqualTo("InternalError"));
        Assert.That((int?)status["code"], Is.EqualTo(500));
        Assert.That((string?)status["message"], Is.EqualTo("Internal error occurred: error attaching to container: container missing not found"));
    }
}
