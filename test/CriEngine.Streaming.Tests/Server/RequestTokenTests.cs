using CriEngine.Grpc;
using CriEngine.Streaming.Tests.Support;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Server;

/// <summary>The URLs handed out for Exec, Attach and PortForward: single use, short-lived, validated.</summary>
public sealed class RequestTokenTests
{
    private readonly ManualClock _clock = new();
    private TestServer _test = null!;

    [SetUp]
    public async Task Start() => _test = await TestServer.StartAsync(clock: _clock);

    [TearDown]
    public async Task Stop() => await _test.DisposeAsync();

    [Test]
    public void Urls_point_at_the_bound_port_with_an_eight_character_url_safe_token()
    {
        var url = new Uri(_test.Server.GetExecUrl(new ExecRequest("c1", ["true"], false, false, true, false)));

        Assert.That(_test.Server.BaseUrl.Port, Is.Not.Zero);
        Assert.That(url.GetLeftPart(UriPartial.Authority) + "/", Is.EqualTo(_test.Server.BaseUrl.ToString()));
        Assert.That(url.AbsolutePath, Does.Match("^/exec/[A-Za-z0-9_-]{8}$"));
    }

    [Test]
    public async Task A_used_token_is_refused_with_404()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["true"], false, false, true, false));
        await using (var first = await SpdyExecSession.OpenAsync(url, stdin: false, stdout: true, stderr: false, tty: false))
            await first.StatusAsync();

        await using var second = await SpdyTestClient.ConnectAsync(url, "POST", "v4.channel.k8s.io");

        Assert.That(second.ResponseHead, Does.StartWith("HTTP/1.1 404 "));
    }

    [Test]
    public async Task An_expired_token_is_refused_with_404()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["true"], false, false, true, false));
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "v4.channel.k8s.io");

        Assert.That(client.ResponseHead, Does.StartWith("HTTP/1.1 404 "));
    }

    [Test]
    public async Task A_token_is_only_valid_on_the_path_it_was_issued_for()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["true"], false, false, true, false));

        await using var client = await SpdyTestClient.ConnectAsync(url.Replace("/exec/", "/attach/"), "POST", "v4.channel.k8s.io");

        Assert.That(client.ResponseHead, Does.StartWith("HTTP/1.1 404 "));
    }

    [Test]
    public async Task A_client_without_a_common_protocol_is_refused_with_the_accepted_ones()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["true"], false, false, true, false));

        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "v9.channel.k8s.io");

        Assert.That(client.ResponseHead, Does.StartWith("HTTP/1.1 403 ")
            .And.Contain("X-Accepted-Stream-Protocol-Versions: v4.channel.k8s.io\r\nX-Accepted-Stream-Protocol-Versions: v3.channel.k8s.io\r\n")
            .And.Contain("X-Accepted-Stream-Protocol-Versions: channel.k8s.io\r\n"));
        Assert.That(await client.ReadBodyAsync(), Does.Contain("unable to negotiate protocol"));
    }

    [Test]
    public async Task A_client_naming_no_protocol_is_refused_with_400()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["true"], false, false, true, false));

        await using var client = await SpdyTestClient.ConnectAsync(url, "POST");

        Assert.That(client.ResponseHead, Does.StartWith("HTTP/1.1 400 "));
        Assert.That(await client.ReadBodyAsync(), Is.EqualTo("unable to upgrade: X-Stream-Protocol-Version is required\n"));
    }

    [TestCase(true, true, false, true, "tty and stderr cannot both be true")]
    [TestCase(false, false, false, false, "one of stdin, stdout, or stderr must be set")]
    public void Exec_requests_that_cannot_be_served_are_refused_as_invalid(bool tty, bool stdin, bool stdout, bool stderr, string reason)
    {
        var error = Assert.Throws<RpcException>(() => _test.Server.GetExecUrl(new ExecRequest("c1", ["sh"], tty, stdin, stdout, stderr)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Is.EqualTo($"exec in container c1: {reason}"));
    }

    [Test]
    public void Port_forward_without_a_pod_is_refused_as_invalid()
    {
        var error = Assert.Throws<RpcException>(() => _test.Server.GetPortForwardUrl(new PortForwardRequest("", [80])));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    public void More_than_a_thousand_waiting_requests_are_refused_until_some_expire()
    {
        for (var i = 0; i < 1000; i++)
            _test.Server.GetPortForwardUrl(new PortForwardRequest("p", [80]));

        var error = Assert.Throws<RpcException>(() => _test.Server.GetPortForwardUrl(new PortForwardRequest("p", [80])));
        Assert.That(error!.Code, Is.EqualTo(StatusCode.ResourceExhausted));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(_test.Server.GetPortForwardUrl(new PortForwardRequest("p", [80])), Does.Contain("/portforward/"));
    }
}
