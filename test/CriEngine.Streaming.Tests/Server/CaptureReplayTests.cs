using System.Text;
using System.Text.Json.Nodes;
using CriEngine.Streaming.Spdy;
using CriEngine.Streaming.Tests.Support;
using CriEngine.TestSupport;
using Microsoft.Extensions.Logging;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Server;

/// <summary>
/// crictl's recorded bytes replayed against the server, with a runtime that runs what the
/// recorded containers ran: the answer must match containerd's recorded one stream by stream
/// (replies, data, FIN, resets, GOAWAY, the Status JSON). Compressed header bytes may differ.
/// </summary>
public sealed class CaptureReplayTests
{
    private ProcessRuntime _runtime = null!;
    private StreamingServer _server = null!;
    private CancellationTokenSource _timeout = null!;

    [SetUp]
    public async Task StartServer()
    {
        _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _runtime = new ProcessRuntime();
        _server = new StreamingServer(new StreamingServerOptions(), _runtime, new TestLoggerFactory(LogLevel.Debug));
        await _server.StartAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        await _runtime.DisposeAsync();
        _timeout.Dispose();
    }

    [TestCase("exec.tcp0.port38375", new[] { "sh", "-c", "echo streamed-out" }, false, true, true)]
    [TestCase("exec-stdin.tcp0.port38375", new[] { "cat" }, true, true, true)]
    [TestCase("exec-exit7.tcp0.port38375", new[] { "sh", "-c", "echo to-err >&2; exit 7" }, false, true, true)]
    public async Task Exec_answers_as_containerd_did(string capture, string[] command, bool stdin, bool stdout, bool stderr)
    {
        var url = _server.GetExecUrl(new ExecRequest("c1", command, Tty: false, stdin, stdout, stderr));

        var (head, ours) = await ReplayAsync(capture, url);
        var theirs = Recorded(capture);

        Assert.That(head, Does.StartWith("HTTP/1.1 101 Switching Protocols\r\n")
            .And.Contain("Upgrade: SPDY/3.1\r\n").And.Contain("X-Stream-Protocol-Version: v4.channel.k8s.io\r\n"));
        AssertEquivalent(ours, theirs);
    }

    [Test]
    public async Task Exec_replayed_in_the_recorded_segments_answers_the_same()
    {
        // crictl wrote its frames in pieces (8003, 0001, length, ids...): the server must reassemble them.
        var url = _server.GetExecUrl(new ExecRequest("c1", ["cat"], false, true, true, true));
        var path = new Uri(url).AbsolutePath;
        var segments = SpdyCapture.Load("exec-stdin.tcp0.port38375").Transcript().Where(s => s.From == "client").Select(s => s.Bytes).ToList();
        var head = Encoding.ASCII.GetString(segments[0]).Replace("/exec/7qCwOl6v", path);
        await using var connection = await RawConnection.ConnectAsync(_server.BaseUrl);

        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes(head), _timeout.Token);
        await connection.ReadHeadAsync(_timeout.Token);
        foreach (var segment in segments.Skip(1))
        {
            await connection.Stream.WriteAsync(segment, _timeout.Token);
            await connection.Stream.FlushAsync(_timeout.Token);
            await Task.Delay(2);
        }
        var answer = SessionSummary.Of(SpdyFrameDecoder.DecodeAll(await connection.ReadToEndAsync(_timeout.Token), out _));

        Assert.That(segments.Count, Is.GreaterThan(20));
        AssertEquivalent(answer, Recorded("exec-stdin.tcp0.port38375"));
    }

    [Test]
    public async Task Exec_with_a_tty_answers_on_the_same_streams_and_ends_as_containerd_did()
    {
        var url = _server.GetExecUrl(new ExecRequest("c1", ["sh"], Tty: true, Stdin: true, Stdout: true, Stderr: false));

        var (_, ours) = await ReplayAsync("exec-tty.tcp0.port38375", url);
        var theirs = Recorded("exec-tty.tcp0.port38375");

        // The shell's prompt and banner are the recorded image's own; the session's shape is the protocol's.
        Assert.That(ours.Replies, Is.EqualTo(theirs.Replies));
        Assert.That(ours.DataOf(5), Does.Contain("tty-ok\r\n"));
        Assert.That(ours.Finished, Is.EquivalentTo(theirs.Finished));
        Assert.That(ours.Resets, Is.EquivalentTo(theirs.Resets));
        Assert.That(ours.GoAway, Is.EqualTo(theirs.GoAway));
        Assert.That(JsonNode.Parse(ours.DataOf(1))!.ToJsonString(), Is.EqualTo(JsonNode.Parse(theirs.DataOf(1))!.ToJsonString()));
        Assert.That(_runtime.Resizes, Is.EqualTo(new[] { new TerminalSize(0, 0) }));
    }

    [Test]
    public async Task Attach_answers_on_the_same_streams_and_ends_as_containerd_did()
    {
        _runtime.StartContainer("c1", "sh", "-c", "while read line; do echo \"$line\" | sh; done");
        var url = _server.GetAttachUrl(new AttachRequest("c1", Tty: false, Stdin: true, Stdout: true, Stderr: true));

        var (_, ours) = await ReplayAsync("attach.tcp0.port38375", url);
        var theirs = Recorded("attach.tcp0.port38375");

        Assert.That(ours.Replies, Is.EqualTo(theirs.Replies));
        Assert.That(ours.DataOf(5), Is.EqualTo("attached-ok\n"));
        Assert.That(ours.Finished, Is.EquivalentTo(theirs.Finished));
        Assert.That(ours.Resets, Is.EquivalentTo(theirs.Resets));
        Assert.That(ours.GoAway, Is.EqualTo(theirs.GoAway));
        Assert.That(ours.DataOf(1), Is.EqualTo(theirs.DataOf(1)));
    }

    private static void AssertEquivalent(SessionSummary ours, SessionSummary theirs)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ours.Replies, Is.EqualTo(theirs.Replies), "SYN_REPLY streams");
            foreach (var stream in theirs.Data.Keys.Where(s => s != 1))
                Assert.That(ours.DataOf(stream), Is.EqualTo(theirs.DataOf(stream)), $"data on stream {stream}");
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(ours.DataOf(1)), JsonNode.Parse(theirs.DataOf(1))), Is.True,
                $"status: ours {ours.DataOf(1)}, recorded {theirs.DataOf(1)}");
            Assert.That(ours.Finished, Is.EquivalentTo(theirs.Finished), "streams finished with FIN");
            Assert.That(ours.Resets, Is.EquivalentTo(theirs.Resets), "RST_STREAM");
            Assert.That(ours.GoAway, Is.EqualTo(theirs.GoAway), "GOAWAY");
        });
    }

    /// <summary>Sends the recorded request (with our token) and, after the 101, the recorded frames; returns what the server sent until it closed.</summary>
    private async Task<(string Head, SessionSummary Summary)> ReplayAsync(string capture, string url)
    {
        var (recordedHead, frames) = SpdyCapture.SplitHead(SpdyCapture.Load(capture).Client);
        var path = new Uri(url).AbsolutePath;
        var requestLine = recordedHead[..recordedHead.IndexOf("\r\n", StringComparison.Ordinal)];
        var head = recordedHead.Replace(requestLine, requestLine.Split(' ')[0] + " " + path + " HTTP/1.1");
        await using var connection = await RawConnection.ConnectAsync(_server.BaseUrl);
        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes(head), _timeout.Token);
        var responseHead = await connection.ReadHeadAsync(_timeout.Token);
        await connection.Stream.WriteAsync(frames, _timeout.Token);
        var answer = await connection.ReadToEndAsync(_timeout.Token);
        return (responseHead, SessionSummary.Of(SpdyFrameDecoder.DecodeAll(answer, out _)));
    }

    private static SessionSummary Recorded(string capture)
    {
        var (_, frames) = SpdyCapture.SplitHead(SpdyCapture.Load(capture).Server);
        return SessionSummary.Of(SpdyFrameDecoder.DecodeAll(frames, out _));
    }
}
