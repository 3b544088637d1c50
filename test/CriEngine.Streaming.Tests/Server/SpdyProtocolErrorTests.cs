using CriEngine.Streaming.Spdy;
using CriEngine.Streaming.Tests.Support;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Server;

/// <summary>
/// What the server does with clients that break SPDY, stall, or go quiet: a clear end
/// (GOAWAY with PROTOCOL_ERROR, RST_STREAM, or a closed connection), never a hang.
/// </summary>
public sealed class SpdyProtocolErrorTests
{
    private TestServer _test = null!;

    [SetUp]
    public async Task Start() => _test = await TestServer.StartAsync(new StreamingServerOptions
    {
        StreamCreationTimeout = TimeSpan.FromSeconds(1),
        IdleTimeout = TimeSpan.FromSeconds(2),
    });

    [TearDown]
    public async Task Stop() => await _test.DisposeAsync();

    [Test]
    public async Task A_control_frame_of_another_spdy_version_ends_the_session_with_a_protocol_error()
    {
        await using var client = await PortForwardClientAsync();

        await client.WriteRawAsync(Convert.FromHexString("8002000600000004" + "00000001"));

        Assert.That(await client.GoAway.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(new GoAwayFrame(0, 1)));
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task A_header_block_that_is_not_zlib_ends_the_session_with_a_protocol_error()
    {
        await using var client = await PortForwardClientAsync();

        await client.WriteRawAsync(Convert.FromHexString("800300010000000E" + "00000001" + "00000000" + "0000" + "DEADBEEF"));

        Assert.That(await client.GoAway.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(new GoAwayFrame(0, 1)), "stream 1 never got past its headers");
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task A_stream_id_that_is_even_or_goes_backwards_ends_the_session()
    {
        await using var client = await PortForwardClientAsync();

        await client.WriteControlAsync(new SynStreamFrame(2, 0, 0, 0, 0, new SpdyHeaders().Add("streamtype", "data").Add("port", "80")));

        Assert.That((await client.GoAway.WaitAsync(TimeSpan.FromSeconds(10)))!.Status, Is.EqualTo(1u));
    }

    [Test]
    public async Task Data_for_a_stream_never_opened_is_answered_with_invalid_stream()
    {
        await using var client = await PortForwardClientAsync();

        await client.WriteRawAsync(Convert.FromHexString("0000000900000003" + "616263"));

        Assert.That(await client.Stream(9).Ended.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(SpdyRstStatus.InvalidStream));
    }

    [Test]
    public async Task A_ping_from_the_client_is_echoed()
    {
        await using var client = await PortForwardClientAsync();

        await client.WriteControlAsync(new PingFrame(7));

        Assert.That(await Wait.Until(() => client.OtherFrames.Contains(new PingFrame(7))), Is.True);
    }

    [Test]
    public async Task A_client_that_does_not_open_all_its_streams_in_time_is_disconnected()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["true"], false, true, true, true));
        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "v4.channel.k8s.io");

        await client.OpenStreamAsync(("streamType", "error"));

        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(await client.GoAway, Is.EqualTo(new GoAwayFrame(1, 0)));
        Assert.That(_test.Runtime.Execs, Is.Empty);
    }

    [Test]
    public async Task An_idle_session_is_closed_after_the_idle_timeout()
    {
        await using var client = await PortForwardClientAsync();

        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task A_connection_cut_in_the_middle_of_a_frame_ends_the_session()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["sleep", "30"], false, false, true, false));
        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "v4.channel.k8s.io");
        await client.OpenStreamAsync(("streamType", "error"));
        await client.OpenStreamAsync(("streamType", "stdout"));
        Assert.That(await Wait.Until(() => !_test.Runtime.Execs.IsEmpty), Is.True);

        await client.WriteRawAsync(Convert.FromHexString("8003"));
        await client.DisposeAsync();

        // The session's end cancels the exec: the runtime kills the process long before its 30 seconds.
        Assert.That(await Wait.Until(() => _test.Runtime.Running == 0), Is.True);
    }

    [Test]
    public async Task A_client_doing_flow_control_gets_no_more_data_than_its_window()
    {
        var url = _test.Server.GetExecUrl(new ExecRequest("c1", ["head", "-c", "300000", "/dev/zero"], false, false, true, false));
        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "v4.channel.k8s.io");
        await client.WriteControlAsync(new SettingsFrame(0, [new SpdySetting(0, 7, 1000)]));
        await client.OpenStreamAsync(("streamType", "error"));
        var stdout = await client.OpenStreamAsync(("streamType", "stdout"));

        Assert.That(await Wait.Until(() => stdout.Received.Length == 1000), Is.True);
        await Task.Delay(200);
        Assert.That(stdout.Received, Has.Length.EqualTo(1000), "nothing beyond the stream window");

        await client.WriteControlAsync(new WindowUpdateFrame(stdout.Id, 400000));
        await client.WriteControlAsync(new WindowUpdateFrame(0, 400000));
        Assert.That(await stdout.Ended.WaitAsync(TimeSpan.FromSeconds(20)), Is.Null);
        Assert.That(stdout.Received, Has.Length.EqualTo(300000));
    }

    private async Task<SpdyTestClient> PortForwardClientAsync()
    {
        var url = _test.Server.GetPortForwardUrl(new PortForwardRequest("p1", [80]));
        var client = await SpdyTestClient.ConnectAsync(url, "POST", "portforward.k8s.io");
        Assert.That(client.Upgraded, Is.True);
        return client;
    }
}
