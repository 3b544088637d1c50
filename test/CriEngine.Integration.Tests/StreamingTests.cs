using System.Net.WebSockets;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Streaming;
using CriEngine.TestSupport;

namespace CriEngine.Integration.Tests;

/// <summary>
/// Exec, Attach and PortForward through the daemon's streaming server, driven as kubectl
/// drives the URLs the kubelet hands it (WebSocket, v5.channel.k8s.io and port forwarding's
/// channels), against real containers.
/// </summary>
[Category("Integration")]
public sealed class StreamingTests
{
    private const string Runtime = PodTestBed.Runtime;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private PodTestBed _bed = null!;
    private PodSandboxConfig _podConfig = null!;
    private string _pod = "";

    [OneTimeSetUp]
    public async Task StartDaemon()
    {
        _bed = await PodTestBed.StartAsync();
        await _bed.PullBusyboxAsync();
        _podConfig = _bed.PodConfig("streamed");
        _pod = await _bed.RunPodAsync(_podConfig);
    }

    [OneTimeTearDown]
    public async Task StopDaemon() => await _bed.DisposeAsync();

    [Test]
    public async Task Exec_streams_stdout_and_stderr_apart_and_reports_the_exit_code()
    {
        var container = await SleeperAsync("exit-code");

        var session = await ExecAsync(container, tty: false, stdin: false, "sh", "-c", "echo out; echo err >&2; exit 7");
        var (stdout, stderr, exitCode, _) = await session.WaitAsync(Patience);

        Assert.That(stdout, Is.EqualTo("out\n"));
        Assert.That(stderr, Is.EqualTo("err\n"));
        Assert.That(exitCode, Is.EqualTo(7));
    }

    [Test]
    public async Task Exec_runs_in_the_containers_working_directory_with_its_environment()
    {
        var config = _bed.ContainerConfig("environment", "sleep", "1000");
        config.WorkingDir = "/tmp";
        config.Envs.Add(new KeyValue { Key = "GREETING", Value = "from the container" });
        var container = await _bed.RunContainerAsync(_pod, _podConfig, config);

        var session = await ExecAsync(container, tty: false, stdin: false, "sh", "-c", "pwd; echo $GREETING; id -u");
        var (stdout, _, exitCode, _) = await session.WaitAsync(Patience);

        Assert.That(stdout, Is.EqualTo("/tmp\nfrom the container\n0\n"));
        Assert.That(exitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Exec_with_stdin_gets_what_the_client_types_and_its_end()
    {
        var container = await SleeperAsync("stdin");

        var session = await ExecAsync(container, tty: false, stdin: true, "sh", "-c", "read first; echo got:$first; wc -l");
        await session.Started;
        await session.SendStdinAsync("hello\nsecond\nthird\n");
        await session.CloseStdinAsync();
        var (stdout, _, exitCode, _) = await session.WaitAsync(Patience);

        Assert.That(stdout, Is.EqualTo("got:hello\n2\n"));
        Assert.That(exitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Exec_with_a_terminal_has_one_of_the_clients_size()
    {
        var container = await SleeperAsync("terminal");

        var session = await ExecAsync(container, tty: true, stdin: true, "sh", "-c", "read go; stty size; [ -t 0 ] && echo interactive; exit 3");
        await session.Started;
        await session.ResizeAsync(120, 40);
        await Task.Delay(200);
        await session.SendStdinAsync("go\n");
        var (stdout, stderr, exitCode, _) = await session.WaitAsync(Patience);

        Assert.That(stdout, Does.Contain("40 120\r\n").And.Contain("interactive\r\n"), "terminal output has CRLF line ends");
        Assert.That(stderr, Is.Empty, "a terminal has one output");
        Assert.That(exitCode, Is.EqualTo(3));
    }

    [Test]
    public async Task Exec_with_large_output_delivers_all_of_it()
    {
        var container = await SleeperAsync("large");

        var session = await ExecAsync(container, tty: false, stdin: false, "sh", "-c", "head -c 8000000 /dev/zero | tr '\\0' x");
        var (stdout, _, exitCode, _) = await session.WaitAsync(Patience);

        Assert.That(stdout.Length, Is.EqualTo(8_000_000));
        Assert.That(stdout.Trim('x'), Is.Empty);
        Assert.That(exitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Attach_reaches_a_running_shell_through_its_stdin_and_stdout()
    {
        var config = _bed.ContainerConfig("attached", "sh", "-c", "while read line; do echo echo:$line; done");
        config.Stdin = true;
        var container = await _bed.RunContainerAsync(_pod, _podConfig, config);
        var response = await _bed.Client.UnaryAsync(Runtime + "Attach", new AttachRequest { ContainerId = container, Stdin = true, Stdout = true }, AttachResponse.Parser);

        await using var session = await WebSocketExecClient.ConnectAsync(response.Url);
        await session.Started;
        await session.SendStdinAsync("first\nsecond\n");

        Assert.That(await TestSupport.Eventually.TrueAsync(() => session.Stdout == "echo:first\necho:second\n", Patience), Is.True, $"seen: {session.Stdout}");
    }

    [Test]
    public async Task Attach_to_a_terminal_container_types_into_its_shell_and_resizes_its_terminal()
    {
        var config = _bed.ContainerConfig("console", "sh");
        config.Stdin = true;
        config.Tty = true;
        var container = await _bed.RunContainerAsync(_pod, _podConfig, config);
        var response = await _bed.Client.UnaryAsync(Runtime + "Attach", new AttachRequest { ContainerId = container, Stdin = true, Stdout = true, Tty = true }, AttachResponse.Parser);

        await using var session = await WebSocketExecClient.ConnectAsync(response.Url);
        await session.Started;
        await session.ResizeAsync(101, 37);
        await Task.Delay(300);
        await session.SendStdinAsync("stty size; echo said-$((6*7))\n");

        Assert.That(await TestSupport.Eventually.TrueAsync(() => session.Stdout.Contains("said-42\r\n", StringComparison.Ordinal), Patience), Is.True, $"seen: {session.Stdout}");
        Assert.That(session.Stdout, Does.Contain("37 101\r\n"), "the size the client gave");
    }

    [Test]
    public async Task Port_forward_reaches_a_server_in_the_pod_over_several_connections_at_once()
    {
        var config = _bed.ContainerConfig("web", "sh", "-c", "mkdir -p /www && echo forwarded > /www/index.html && exec httpd -f -p 8080 -h /www");
        await _bed.RunContainerAsync(_pod, _podConfig, config);

        var pages = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var response = await _bed.Client.UnaryAsync(Runtime + "PortForward", new PortForwardRequest { PodSandboxId = _pod, Port = { 8080 } }, PortForwardResponse.Parser);
            for (var attempt = 0; ; attempt++)
            {
                using var connection = await WebSocketPortForwardClient.ConnectAsync(response.Url, 8080);
                var (data, error) = await connection.ExchangeAsync("GET / HTTP/1.0\r\n\r\n", Patience);
                if (error.Length == 0 || attempt == 20)
                    return (data, error);
                // httpd may not listen yet: a new URL for the next try.
                await Task.Delay(250);
                response = await _bed.Client.UnaryAsync(Runtime + "PortForward", new PortForwardRequest { PodSandboxId = _pod, Port = { 8080 } }, PortForwardResponse.Parser);
            }
        }));

        Assert.That(pages.Select(page => page.error), Is.All.Empty);
        Assert.That(pages.Select(page => page.data), Is.All.StartWith("HTTP/1.").And.All.EndWith("forwarded\n"));
    }

    [Test]
    public async Task Port_forward_to_a_closed_port_reports_the_refusal_on_the_error_channel()
    {
        var response = await _bed.Client.UnaryAsync(Runtime + "PortForward", new PortForwardRequest { PodSandboxId = _pod, Port = { 9 } }, PortForwardResponse.Parser);

        using var connection = await WebSocketPortForwardClient.ConnectAsync(response.Url, 9);
        var (data, error) = await connection.ExchangeAsync("hello", Patience);

        Assert.That(data, Is.Empty);
        Assert.That(error, Does.Contain("127.0.0.1:9").And.Contain("refused"));
    }

    [Test]
    public async Task A_url_serves_one_session_only()
    {
        var container = await SleeperAsync("token");
        var response = await _bed.Client.UnaryAsync(Runtime + "Exec", new ExecRequest { ContainerId = container, Cmd = { "true" }, Stdout = true }, ExecResponse.Parser);

        await using (var first = await WebSocketExecClient.ConnectAsync(response.Url))
            await first.WaitAsync(Patience);
        var reused = Assert.ThrowsAsync<WebSocketException>(() => WebSocketExecClient.ConnectAsync(response.Url));

        Assert.That(reused!.Message, Does.Contain("404"));
    }

    [Test]
    public async Task Exec_is_refused_for_bad_requests_with_the_cause()
    {
        var container = await SleeperAsync("refusals");

        var noStreams = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "Exec", new ExecRequest { ContainerId = container, Cmd = { "true" } }, ExecResponse.Parser));
        var ttyAndStderr = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "Exec", new ExecRequest { ContainerId = container, Cmd = { "true" }, Tty = true, Stdout = true, Stderr = true }, ExecResponse.Parser));
        var unknown = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "Exec", new ExecRequest { ContainerId = "f00d", Cmd = { "true" }, Stdout = true }, ExecResponse.Parser));
        await _bed.Client.UnaryAsync(Runtime + "StopContainer", new StopContainerRequest { ContainerId = container, Timeout = 1 }, StopContainerResponse.Parser, TimeSpan.FromMinutes(1));
        var stopped = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(Runtime + "Exec", new ExecRequest { ContainerId = container, Cmd = { "true" }, Stdout = true }, ExecResponse.Parser));

        Assert.That(noStreams!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(noStreams.Message, Does.Contain("one of stdin, stdout, or stderr must be set"));
        Assert.That(ttyAndStderr!.Message, Does.Contain("tty and stderr cannot both be true"));
        Assert.That(unknown!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(stopped!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(stopped.Message, Does.Contain($"container {container} is not created or running"));
    }

    [Test]
    public async Task Exec_over_spdy_as_crictl_speaks_it_gives_output_and_the_exit_code()
    {
        var container = await SleeperAsync("spdy-exec");
        var response = await _bed.Client.UnaryAsync(Runtime + "Exec", new ExecRequest { ContainerId = container, Cmd = { "sh", "-c", "read x; echo out:$x; echo err >&2; exit 7" }, Stdin = true, Stdout = true, Stderr = true }, ExecResponse.Parser);

        await using var session = await SpdyExecSession.OpenAsync(response.Url, stdin: true, stdout: true, stderr: true, tty: false);
        await session.Stdin!.WriteAsync("typed\n", fin: true);
        var status = await session.StatusAsync();

        Assert.That(await session.Stdout!.ReadToEndAsync(Patience), Is.EqualTo("out:typed\n"));
        Assert.That(await session.Stderr!.ReadToEndAsync(Patience), Is.EqualTo("err\n"));
        Assert.That((string?)status["reason"], Is.EqualTo("NonZeroExitCode"));
        Assert.That(status["details"]!["causes"]![0]!.ToJsonString(), Is.EqualTo("""{"reason":"ExitCode","message":"7"}"""));
    }

    [Test]
    public async Task Interactive_exec_over_spdy_as_crictl_exec_it_runs_it()
    {
        var container = await SleeperAsync("spdy-tty");
        var response = await _bed.Client.UnaryAsync(Runtime + "Exec", new ExecRequest { ContainerId = container, Cmd = { "sh" }, Tty = true, Stdin = true, Stdout = true }, ExecResponse.Parser);

        await using var session = await SpdyExecSession.OpenAsync(response.Url, stdin: true, stdout: true, stderr: false, tty: true);
        await session.Resize!.WriteAsync("""{"Width":90,"Height":33}""");
        await Task.Delay(300);
        await session.Stdin!.WriteAsync("stty size; exit 5\n");
        var status = await session.StatusAsync();

        Assert.That(await session.Stdout!.ReadToEndAsync(Patience), Does.Contain("33 90\r\n"));
        Assert.That(status["details"]!["causes"]![0]!.ToJsonString(), Is.EqualTo("""{"reason":"ExitCode","message":"5"}"""));
    }

    [Test]
    public async Task Port_forward_over_spdy_as_crictl_speaks_it_reaches_the_pod()
    {
        var config = _bed.ContainerConfig("spdy-web", "sh", "-c", "mkdir -p /www && echo over spdy > /www/index.html && exec httpd -f -p 8081 -h /www");
        await _bed.RunContainerAsync(_pod, _podConfig, config);
        var response = await _bed.Client.UnaryAsync(Runtime + "PortForward", new PortForwardRequest { PodSandboxId = _pod, Port = { 8081 } }, PortForwardResponse.Parser);
        await using var client = await SpdyTestClient.ConnectAsync(response.Url, "POST", "portforward.k8s.io");

        var page = "";
        for (var request = 0; request < 40 && !page.EndsWith("over spdy\n", StringComparison.Ordinal); request++)
        {
            // httpd may not listen yet: each try is a new forwarded connection on the same session.
            var id = request.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var error = await client.OpenStreamAsync(("streamType", "error"), ("port", "8081"), ("requestID", id));
            var data = await client.OpenStreamAsync(("streamType", "data"), ("port", "8081"), ("requestID", id));
            await data.WriteAsync("GET / HTTP/1.0\r\n\r\n");
            page = await data.ReadToEndAsync(Patience);
            if (page.Length == 0)
                await Task.Delay(250);
        }

        Assert.That(page, Does.StartWith("HTTP/1.").And.EndWith("over spdy\n"));
    }

    private Task<string> SleeperAsync(string name) => _bed.RunContainerAsync(_pod, _podConfig, _bed.ContainerConfig(name, "sleep", "1000"));

    private async Task<WebSocketExecClient> ExecAsync(string container, bool tty, bool stdin, params string[] command)
    {
        var request = new ExecRequest { ContainerId = container, Tty = tty, Stdin = stdin, Stdout = true, Stderr = !tty };
        request.Cmd.AddRange(command);
        var response = await _bed.Client.UnaryAsync(Runtime + "Exec", request, ExecResponse.Parser);
        Assert.That(response.Url, Does.StartWith("http://127.0.0.1:"));
        return await WebSocketExecClient.ConnectAsync(response.Url);
    }
}
