using System.Text;
using CriEngine.Streaming.Spdy;
using CriEngine.Streaming.Tests.Support;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Server;

/// <summary>Port forwarding over SPDY (portforward.k8s.io) to real TCP servers on 127.0.0.1.</summary>
public sealed class SpdyPortForwardTests
{
    private TestServer _test = null!;

    [SetUp]
    public async Task Start() => _test = await TestServer.StartAsync();

    [TearDown]
    public async Task Stop() => await _test.DisposeAsync();

    [Test]
    public async Task Recorded_port_forward_gets_the_recorded_answer_on_the_data_stream()
    {
        var pod = SpdyCapture.Load("portforward.tcp1.port18093");
        await using var web = new LineServer(_ => pod.Server, terminator: "\r\n\r\n");
        _test.Runtime.Ports[8080] = web.Port;
        var url = _test.Server.GetPortForwardUrl(new PortForwardRequest("p1", [8080]));
        var (_, frames) = SpdyCapture.SplitHead(SpdyCapture.Load("portforward.tcp0.port38375").Client);

        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "portforward.k8s.io");
        await client.WriteRawAsync(frames);
        await Task.WhenAll(client.Stream(1).Ended, client.Stream(3).Ended).WaitAsync(TimeSpan.FromSeconds(20));

        var (_, recordedFrames) = SpdyCapture.SplitHead(SpdyCapture.Load("portforward.tcp0.port38375").Server);
        var recorded = SessionSummary.Of(SpdyFrameDecoder.DecodeAll(recordedFrames, out _));
        Assert.That(client.ResponseHead, Does.StartWith("HTTP/1.1 101 ").And.Contain("X-Stream-Protocol-Version: portforward.k8s.io\r\n"));
        Assert.That(client.Stream(3).Text, Is.EqualTo(recorded.DataOf(3)));
        Assert.That(client.Stream(1).Text, Is.Empty);
        Assert.That(await client.Stream(3).Ended, Is.Null, "data stream ends with FIN");
        Assert.That(await client.Stream(1).Ended, Is.Null, "error stream ends with FIN");
        Assert.That(recorded.Finished, Is.EquivalentTo(new[] { 1u, 3u }));
        Assert.That(pod.Client, Is.EqualTo(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: 127.0.0.1:18093\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")));
    }

    [Test]
    public async Task Several_forwarded_connections_run_at_once_on_one_session()
    {
        await using var pod = new LineServer(line => Encoding.ASCII.GetBytes("pong:" + Encoding.ASCII.GetString(line)));
        _test.Runtime.Ports[80] = pod.Port;
        var url = _test.Server.GetPortForwardUrl(new PortForwardRequest("p1", [80]));
        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "portforward.k8s.io");

        var pairs = new List<(SpdyTestClient.ClientStream Error, SpdyTestClient.ClientStream Data)>();
        for (var i = 0; i < 5; i++)
        {
            var error = await client.OpenStreamAsync(("streamType", "error"), ("port", "80"), ("requestID", i.ToString()));
            var data = await client.OpenStreamAsync(("streamType", "data"), ("port", "80"), ("requestID", i.ToString()));
            pairs.Add((error, data));
        }
        await Task.WhenAll(pairs.Select((p, i) => p.Data.WriteAsync($"ping-{i}\n", fin: true)));

        var answers = await Task.WhenAll(pairs.Select(p => p.Data.ReadToEndAsync()));
        Assert.That(answers, Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"pong:ping-{i}\n")));
        Assert.That(await Task.WhenAll(pairs.Select(p => p.Error.ReadToEndAsync())), Is.All.Empty);
        Assert.That(pod.Connections, Is.EqualTo(5));
    }

    [Test]
    public async Task A_port_nothing_listens_on_is_reported_on_the_error_stream()
    {
        _test.Runtime.Ports[9] = LineServer.ClosedPort();
        var url = _test.Server.GetPortForwardUrl(new PortForwardRequest("p1", [9]));
        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "portforward.k8s.io");

        var error = await client.OpenStreamAsync(("streamType", "error"), ("port", "9"), ("requestID", "0"));
        var data = await client.OpenStreamAsync(("streamType", "data"), ("port", "9"), ("requestID", "0"));

        Assert.That(await error.ReadToEndAsync(), Does.StartWith("error forwarding port 9 to pod p1: failed to connect to localhost:9 inside namespace of pod p1: "));
        Assert.That(await data.ReadToEndAsync(), Is.Empty);
    }

    [TestCase("0", "data")]
    [TestCase("http", "data")]
    [TestCase("80", "stdout")]
    public async Task A_stream_with_a_bad_port_or_type_is_refused(string port, string type)
    {
        var url = _test.Server.GetPortForwardUrl(new PortForwardRequest("p1", [80]));
        await using var client = await SpdyTestClient.ConnectAsync(url, "POST", "portforward.k8s.io");

        var stream = await client.OpenStreamAsync(("streamType", type), ("port", port), ("requestID", "0"));

        Assert.That(await stream.Ended.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(SpdyRstStatus.RefusedStream));
    }
}
