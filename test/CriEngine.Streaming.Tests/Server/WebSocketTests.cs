using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using CriEngine.Streaming.Tests.Support;

namespace CriEngine.Streaming.Tests.Server;

/// <summary>Exec, attach and port forward over WebSocket with the channel.k8s.io protocols.</summary>
public sealed class WebSocketTests
{
    private TestServer _test = null!;

    [SetUp]
    public async Task Start() => _test = await TestServer.StartAsync();

    [TearDown]
    public async Task Stop() => await _test.DisposeAsync();

    [Test]
    public async Task V5_exec_reads_stdin_until_the_close_signal_and_reports_success()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["tr", "a-z", "A-Z"], false, true, true, true));
        await using var client = await ChannelWebSocketClient.ConnectAsync(url, "v5.channel.k8s.io", "v4.channel.k8s.io");

        await client.SendAsync(0, "hello\n");
        await client.CloseChannelAsync(0);
        var (messages, close) = await client.ReceiveAllAsync();

        Assert.That(client.Protocol, Is.EqualTo("v5.channel.k8s.io"));
        Assert.That(messages[0], Is.EqualTo(((byte)1, Array.Empty<byte>())), "an empty stdout message opens the session");
        Assert.That(ChannelWebSocketClient.TextOn(messages, 1), Is.EqualTo("HELLO\n"));
        Assert.That(ChannelWebSocketClient.TextOn(messages, 3), Is.EqualTo("""{"metadata":{},"status":"Success"}"""));
        Assert.That(close, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task V4_exec_reports_the_exit_code_in_the_status_json()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["sh", "-c", "echo oops >&2; exit 4"], false, false, false, true));
        await using var client = await ChannelWebSocketClient.ConnectAsync(url, "v4.channel.k8s.io");

        var (messages, _) = await client.ReceiveAllAsync();

        Assert.That(messages[0], Is.EqualTo(((byte)2, Array.Empty<byte>())), "without stdout the session opens on stderr");
        Assert.That(ChannelWebSocketClient.TextOn(messages, 2), Is.EqualTo("oops\n"));
        var status = JsonNode.Parse(ChannelWebSocketClient.TextOn(messages, 3))!;
        Assert.That(status["details"]!["causes"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("4"));
    }

    [Test]
    public async Task Resize_messages_on_channel_4_reach_the_runtime()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["head", "-n", "1"], true, true, true, false));
        await using var client = await ChannelWebSocketClient.ConnectAsync(url, "v4.channel.k8s.io");

        await client.SendAsync(4, "{\"Width\":100,\"Height\":30}");
        Assert.That(await Wait.Until(() => _test.Runtime.Resizes.Count == 1), Is.True);
        await client.SendAsync(0, "done\n");
        var (messages, _) = await client.ReceiveAllAsync();

        Assert.That(_test.Runtime.Resizes, Is.EqualTo(new[] { new TerminalSize(100, 30) }));
        Assert.That(ChannelWebSocketClient.TextOn(messages, 1), Does.Contain("done"));
    }

    [Test]
    public async Task Base64_exec_sends_text_messages_and_a_plain_failure_message()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["sh", "-c", "head -c 5; exit 5"], false, true, true, false));
        await using var client = await ChannelWebSocketClient.ConnectAsync(url, "base64.channel.k8s.io");

        await client.SendAsync(0, [0, 1, 2, 250, 255]);
        var (messages, _) = await client.ReceiveAllAsync();

        Assert.That(messages.Where(m => m.Channel == 1).SelectMany(m => m.Data), Is.EqualTo(new byte[] { 0, 1, 2, 250, 255 }));
        Assert.That(ChannelWebSocketClient.TextOn(messages, 3), Is.EqualTo("command terminated with non-zero exit code: error executing command [sh -c head -c 5; exit 5], exit code 5"));
    }

    [Test]
    public async Task A_base64_message_that_does_not_decode_is_dropped_and_the_session_goes_on()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["head", "-c", "3"], false, true, true, false));
        await using var client = await ChannelWebSocketClient.ConnectAsync(url, "v4.base64.channel.k8s.io");

        await client.SendRawTextAsync("0%%%not base64");
        await client.SendAsync(0, "abc");
        var (messages, _) = await client.ReceiveAllAsync();

        Assert.That(ChannelWebSocketClient.TextOn(messages, 1), Is.EqualTo("abc"));
        Assert.That(ChannelWebSocketClient.TextOn(messages, 3), Is.EqualTo("""{"metadata":{},"status":"Success"}"""));
    }

    [Test]
    public async Task Port_forward_opens_each_channel_with_its_port_and_carries_the_connection()
    {
        await using var pod = new LineServer(line => Encoding.ASCII.GetBytes("pong:" + Encoding.ASCII.GetString(line)));
        _test.Runtime.Ports[8080] = pod.Port;
        var url = _test.Server.GetPortForwardUrl(new PortForwardRequest("p1", [1]));
        await using var client = await ChannelWebSocketClient.ConnectAsync(url + "?port=8080", "v4.channel.k8s.io");

        await client.SendAsync(0, "ping\n");
        var (messages, _) = await client.ReceiveAllAsync();

        Assert.That(messages.Take(2), Is.EqualTo(new[] { ((byte)0, new byte[] { 0x90, 0x1F }), ((byte)1, new byte[] { 0x90, 0x1F }) }));
        Assert.That(ChannelWebSocketClient.TextOn(messages.Skip(2), 0), Is.EqualTo("pong:ping\n"));
        Assert.That(ChannelWebSocketClient.TextOn(messages.Skip(2), 1), Is.Empty);
    }

    [Test]
    public async Task Port_forward_failure_is_sent_on_the_port_error_channel()
    {
        var closed = LineServer.ClosedPort();
        var url = _test.Server.GetPortForwardUrl(new PortForwardRequest("p1", [closed]));
        await using var client = await ChannelWebSocketClient.ConnectAsync(url, "v4.channel.k8s.io");

        var (messages, _) = await client.ReceiveAllAsync();

        Assert.That(ChannelWebSocketClient.TextOn(messages.Skip(2), 1), Does.StartWith($"error forwarding port {closed} to pod p1: "));
    }

    [Test]
    public async Task An_unknown_subprotocol_is_refused()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["true"], false, false, true, false));

        var error = Assert.ThrowsAsync<WebSocketException>(async () => await ChannelWebSocketClient.ConnectAsync(url, "v9.channel.k8s.io"));

        Assert.That(error!.Message, Does.Contain("403"));
    }
}
