using System.Buffers;
using CriEngine.Streaming.Spdy;
using CriEngine.Streaming.Tests.Support;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Spdy;

/// <summary>The SPDY/3 frame and header block codec on its own: round trips and malformed input.</summary>
public sealed class SpdyFramingTests
{
    [Test]
    public void Control_frames_written_are_read_back_the_same()
    {
        SpdyControlFrame[] frames =
        [
            new SynStreamFrame(5, 0, 3, 0, SpdyFlags.Fin, new SpdyHeaders().Add("streamType", "stdin").Add("port", "80")),
            new SynReplyFrame(5, 0, SpdyHeaders.Empty),
            new RstStreamFrame(5, SpdyRstStatus.Cancel),
            new PingFrame(9),
            new GoAwayFrame(7, 0),
            new WindowUpdateFrame(0, 65536),
        ];
        using var compressor = new SpdyHeaderCompressor();
        var bytes = new ArrayBufferWriter<byte>();
        foreach (var frame in frames)
            SpdyFrameWriter.WriteControl(bytes, frame, compressor);

        var read = SpdyFrameDecoder.DecodeAll(bytes.WrittenSpan, out var leftover).Select(f => f.Control).ToList();

        Assert.That(leftover, Is.Zero);
        Assert.That(read.Skip(2), Is.EqualTo(frames.Skip(2)));
        var syn = (SynStreamFrame)read[0]!;
        Assert.That((syn.StreamId, syn.Priority, syn.IsFin, syn.Headers.ToString()), Is.EqualTo((5u, (byte)3, true, "streamtype=stdin, port=80")));
        Assert.That(((SynReplyFrame)read[1]!).Headers.Entries, Is.Empty);
    }

    [Test]
    public void Header_blocks_share_one_compression_context_per_direction()
    {
        using var compressor = new SpdyHeaderCompressor();
        var bytes = new ArrayBufferWriter<byte>();
        for (uint id = 1; id < 200; id += 2)
            SpdyFrameWriter.WriteControl(bytes, new SynStreamFrame(id, 0, 0, 0, 0, new SpdyHeaders().Add("streamtype", "data").Add("requestid", id.ToString())), compressor);

        var syns = SpdyFrameDecoder.DecodeAll(bytes.WrittenSpan, out _).Select(f => (SynStreamFrame)f.Control!).ToList();

        Assert.That(syns.Select(s => s.Headers.Get("requestID")), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (2 * i + 1).ToString())));
    }

    [Test]
    public void A_value_with_nul_separators_is_several_values_of_one_name()
    {
        var block = new ArrayBufferWriter<byte>();
        SpdyHeaderBlock.Write(new SpdyHeaders().Add("x", "a\0b"), block);

        var headers = SpdyHeaderBlock.Read(block.WrittenSpan);

        Assert.That(headers.Entries.Select(e => e.Value), Is.EqualTo(new[] { "a", "b" }));
    }

    [TestCase("00000001", "truncated length")]
    [TestCase("0000000100000005616263", "truncated string")]
    [TestCase("FFFFFFFF", "negative length")]
    [TestCase("000000010000000000000000", "empty header name")]
    [TestCase("00000000FF", "bytes after the last pair")]
    public void A_malformed_header_block_is_refused_with_what_is_wrong(string hex, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => SpdyHeaderBlock.Read(Convert.FromHexString(hex)));

        Assert.That(error!.Message, Is.EqualTo("SPDY header block: " + problem));
    }

    [Test]
    public void A_header_block_larger_than_the_limit_is_refused()
    {
        using var compressor = new SpdyHeaderCompressor();
        using var decompressor = new SpdyHeaderDecompressor();
        var compressed = new ArrayBufferWriter<byte>();
        compressor.Write(new SpdyHeaders().Add("big", new string('x', SpdyHeaderDecompressor.MaxBlockSize)), compressed);

        var error = Assert.Throws<InvalidDataException>(() => decompressor.Read(new ReadOnlySequence<byte>(compressed.WrittenMemory)));

        Assert.That(error!.Message, Does.Contain("larger than"));
    }

    [TestCase("80030003000000040000000100", "truncated payload")]
    [TestCase("800300060000000500000001FF", "1 bytes too many")]
    [TestCase("8003000400000008000000030000000000000001", "3 entries do not fill 4 bytes")]
    public void A_malformed_control_payload_is_refused(string hex, string problem)
    {
        using var decompressor = new SpdyHeaderDecompressor();
        var bytes = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
        Assert.That(SpdyFrameHeader.TryRead(bytes, out var header), Is.True);
        var payload = bytes.Slice(SpdyFrameHeader.Size, Math.Min(header.Length, bytes.Length - SpdyFrameHeader.Size));

        var error = Assert.Throws<InvalidDataException>(() => SpdyControlFrameReader.Read(header, payload, decompressor));

        Assert.That(error!.Message, Does.Contain(problem));
    }

    [Test]
    public void A_control_frame_type_spdy3_does_not_define_is_read_as_nothing()
    {
        using var decompressor = new SpdyHeaderDecompressor();
        var bytes = new ReadOnlySequence<byte>(Convert.FromHexString("8003000500000000"));
        SpdyFrameHeader.TryRead(bytes, out var header);

        Assert.That(SpdyControlFrameReader.Read(header, bytes.Slice(8), decompressor), Is.Null);
    }

    [Test]
    public void Data_frame_header_carries_stream_flags_and_24_bit_length()
    {
        var bytes = new ArrayBufferWriter<byte>();
        SpdyFrameWriter.WriteData(bytes, 0x7FFFFFFF, SpdyFlags.Fin, new byte[70000]);

        Assert.That(SpdyFrameHeader.TryRead(new ReadOnlySequence<byte>(bytes.WrittenMemory), out var header), Is.True);
        Assert.That((header.IsControl, header.StreamId, header.IsFin, header.Length), Is.EqualTo((false, 0x7FFFFFFFu, true, 70000)));
        Assert.That(SpdyFrameHeader.TryRead(new ReadOnlySequence<byte>(bytes.WrittenMemory[..7]), out _), Is.False);
    }
}
