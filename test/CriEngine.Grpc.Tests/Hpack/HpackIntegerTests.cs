using System.Buffers;
using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>RFC 7541 section 5.1 and the examples of Appendix C.1.</summary>
[TestFixture]
public sealed class HpackIntegerTests
{
    [TestCase(10, 5, "0a", TestName = "C.1.1 10 with a 5-bit prefix")]
    [TestCase(1337, 5, "1f9a0a", TestName = "C.1.2 1337 with a 5-bit prefix")]
    [TestCase(42, 8, "2a", TestName = "C.1.3 42 at an octet boundary")]
    [TestCase(31, 5, "1f00", TestName = "Prefix maximum needs a zero continuation")]
    [TestCase(int.MaxValue, 1, "01feffffff07", TestName = "int.MaxValue with a 1-bit prefix")]
    public void WritesAndReadsTheRfcBytes(int value, int prefixBits, string hex)
    {
        var buffer = new byte[HpackInteger.MaxLength];
        var written = HpackInteger.Write(buffer, value, prefixBits, 0);
        Assert.That(Hex.Format(buffer.AsSpan(0, written)), Is.EqualTo(hex));

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Parse(hex)));
        reader.TryRead(out var first);
        var read = HpackInteger.Read(ref reader, first, prefixBits);
        var end = reader.End;
        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(value));
            Assert.That(end, Is.True, "every octet consumed");
        });
    }

    [Test]
    public void KeepsThePatternAboveThePrefix()
    {
        var buffer = new byte[HpackInteger.MaxLength];
        var written = HpackInteger.Write(buffer, 1337, 5, 0xe0);
        Assert.That(Hex.Format(buffer.AsSpan(0, written)), Is.EqualTo("ff9a0a"));
    }

    [Test]
    public void IgnoresThePatternWhenReading()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Parse("ea")));
        reader.TryRead(out var first);
        Assert.That(HpackInteger.Read(ref reader, first, 5), Is.EqualTo(10));
    }

    [TestCase("1f", TestName = "No continuation octet")]
    [TestCase("1f9a", TestName = "Continuation bit set on the last octet")]
    [TestCase("1fffffffff0f", TestName = "Value above int.MaxValue")]
    [TestCase("1fe1ffffff07", TestName = "int.MaxValue plus one")]
    [TestCase("1f808080808000", TestName = "Sixth continuation octet")]
    [TestCase("1fffffffffffffffffff7f", TestName = "Far past 64 bits")]
    public void RejectsTruncatedAndOversizedIntegers(string hex)
    {
        Assert.That(() => ReadFromHex(hex), Throws.TypeOf<HpackException>());
    }

    private static int ReadFromHex(string hex)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Parse(hex)));
        reader.TryRead(out var first);
        return HpackInteger.Read(ref reader, first, 5);
    }
}
