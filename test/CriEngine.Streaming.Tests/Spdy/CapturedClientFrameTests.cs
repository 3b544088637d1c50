using CriEngine.Streaming.Spdy;
using CriEngine.Streaming.Tests.Support;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Spdy;

/// <summary>crictl's own bytes, decoded with the library's SPDY reader.</summary>
public sealed class CapturedClientFrameTests
{
    [TestCase("exec.tcp0.port38375", new[] { "error", "stdout", "stderr" })]
    [TestCase("exec-stdin.tcp0.port38375", new[] { "error", "stdin", "stdout", "stderr" })]
    [TestCase("exec-tty.tcp0.port38375", new[] { "error", "stdin", "stdout", "resize" })]
    [TestCase("exec-exit7.tcp0.port38375", new[] { "error", "stdout", "stderr" })]
    [TestCase("attach.tcp0.port38375", new[] { "error", "stdin", "stdout", "stderr" })]
    public void Remote_command_client_opens_one_stream_per_type_with_odd_ids(string capture, string[] types)
    {
        var (head, rest) = SpdyCapture.SplitHead(SpdyCapture.Load(capture).Client);
        Assert.That(head, Does.Contain("Upgrade: SPDY/3.1").And.Contain("X-Stream-Protocol-Version: v4.channel.k8s.io"));

        var syns = SpdyFrameDecoder.DecodeAll(rest, out _).Select(f => f.Control).OfType<SynStreamFrame>().ToList();

        Assert.That(syns.Select(s => s.Headers.Get("streamType")), Is.EqualTo(types));
        Assert.That(syns.Select(s => s.StreamId), Is.EqualTo(Enumerable.Range(0, types.Length).Select(i => (uint)(2 * i + 1))));
        Assert.That(syns.Select(s => s.Headers.Entries.Count), Is.All.EqualTo(1));
    }

    [Test]
    public void Stdin_data_and_its_fin_are_seen_on_the_stdin_stream()
    {
        var (_, rest) = SpdyCapture.SplitHead(SpdyCapture.Load("exec-stdin.tcp0.port38375").Client);

        var data = SpdyFrameDecoder.DecodeAll(rest, out var leftover).Where(f => f.IsData).ToList();

        Assert.That(data.Select(f => (f.DataStreamId, System.Text.Encoding.ASCII.GetString(f.Data), f.IsFin)),
            Is.EqualTo(new[] { (3u, "from-stdin\n", false), (3u, "", true) }));
        Assert.That(leftover, Is.Zero);
    }

    [Test]
    public void Resize_stream_carries_a_json_terminal_size()
    {
        var (_, rest) = SpdyCapture.SplitHead(SpdyCapture.Load("exec-tty.tcp0.port38375").Client);

        var resize = SpdyFrameDecoder.DecodeAll(rest, out _).Single(f => f.IsData && f.DataStreamId == 7);

        Assert.That(new RemoteCommand.ResizeDecoder().Add(resize.Data), Is.EqualTo(new[] { new TerminalSize(0, 0) }));
    }

    [Test]
    public void Port_forward_client_pairs_error_and_data_streams_by_request_id_and_port()
    {
        var (head, rest) = SpdyCapture.SplitHead(SpdyCapture.Load("portforward.tcp0.port38375").Client);
        Assert.That(head, Does.Contain("X-Stream-Protocol-Version: portforward.k8s.io"));

        var frames = SpdyFrameDecoder.DecodeAll(rest, out var leftover);
        var syns = frames.Select(f => f.Control).OfType<SynStreamFrame>().ToList();

        Assert.That(syns.Select(s => (s.StreamId, s.Headers.Get("streamtype"), s.Headers.Get("port"), s.Headers.Get("requestid"))),
            Is.EqualTo(new[] { (1u, "error", "8080", "0"), (3u, "data", "8080", "0") }));
        Assert.That(frames.Last().Control, Is.EqualTo(new GoAwayFrame(0, 0)));
        Assert.That(leftover, Is.Zero);
    }

    [Test]
    public void Header_blocks_name_the_spdy3_dictionary_by_its_adler32()
    {
        var (_, rest) = SpdyCapture.SplitHead(SpdyCapture.Load("exec.tcp0.port38375").Client);

        // SYN_STREAM: 8-byte frame header, 10 bytes of ids and priority, then the zlib header (CMF, FLG) and DICTID.
        Assert.That(Convert.ToHexString(rest, 18, 6), Is.EqualTo("78F9E3C6A7C2"));
        Assert.That(Adler32(SpdyHeaderDictionary.Bytes), Is.EqualTo(0xE3C6A7C2u));
    }

    [Test]
    public void A_connection_cut_inside_a_frame_leaves_the_partial_frame_undecoded()
    {
        var (_, rest) = SpdyCapture.SplitHead(SpdyCapture.Load("exec.tcp0.port38375").Client);

        var frames = SpdyFrameDecoder.DecodeAll(rest, out var leftover);

        Assert.That(frames, Has.Count.EqualTo(3));
        Assert.That(leftover, Is.EqualTo(2));
    }

    private static uint Adler32(byte[] bytes)
    {
        uint a = 1, b = 0;
        foreach (var x in bytes)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }
}
