using System.Buffers;
using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>Encoder choices beyond Appendix C: table size updates, Huffman selection, argument checks.</summary>
[TestFixture]
public sealed class EncoderTests
{
    [TestCase(new[] { 256 }, "3fe1 01", TestName = "Lowered once: the new size")]
    [TestCase(new[] { 1337 }, "3f9a 0a", TestName = "Raised once: C.1.2's 1337")]
    [TestCase(new[] { 0, 4096 }, "20 3fe1 1f", TestName = "Lowered then raised back: the minimum then the final size")]
    [TestCase(new[] { 1000, 500, 2000 }, "3fd5 03 3fb1 0f", TestName = "Several changes: the minimum then the final size")]
    [TestCase(new[] { 500, 1000 }, "3fd5 03 3fc9 07", TestName = "Lowered then raised above the start")]
    [TestCase(new[] { 4096 }, "", TestName = "Unchanged: nothing")]
    [TestCase(new[] { 5000, 6000 }, "3fd1 2e", TestName = "Raised twice: the final size only")]
    public void SignalsSizeChangesAtTheNextBlock(int[] sizes, string hex)
    {
        var encoder = new HpackEncoder();
        foreach (var size in sizes)
        {
            encoder.SetMaxDynamicTableSize(size);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Hex.Format(encoder.Encode([])), Is.EqualTo(Hex.Normalize(hex)));
            Assert.That(encoder.Encode([]), Is.Empty, "signalled once only");
        });
    }

    [Test]
    public void ShrinkingEvictsAtOnce()
    {
        var encoder = new HpackEncoder(huffman: HuffmanMode.Never);
        encoder.Encode([new HeaderField("a", "1"), new HeaderField("b", "2")]);
        encoder.SetMaxDynamicTableSize(40);
        Assert.That(encoder.Table.Entries(), Is.EqualTo(new[] { new HeaderField("b", "2") }));
    }

    [Test]
    public void RefusesFieldsWhileASizeUpdateIsPending()
    {
        var encoder = new HpackEncoder();
        encoder.SetMaxDynamicTableSize(100);
        Assert.That(
            () => encoder.Encode(new HeaderField("a", "b"), HpackIndexing.Incremental, new ArrayBufferWriter<byte>()),
            Throws.InvalidOperationException);
    }

    [Test]
    public void RefusesCharsWithoutALatin1OctetAndWritesNothing()
    {
        var encoder = new HpackEncoder();
        var output = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(output);
        Assert.Multiple(() =>
        {
            Assert.That(
                () => encoder.Encode(new HeaderField("x-name", "\u20ac"), HpackIndexing.Incremental, output),
                Throws.ArgumentException);
            Assert.That(output.WrittenCount, Is.Zero);
            Assert.That(encoder.Table.Count, Is.Zero);
        });
    }

    [Test]
    public void HuffmanCodesOnlyWhenShorter()
    {
        var encoder = new HpackEncoder();
        // The first string shrinks from 15 to 12 octets; the control characters would grow.
        var shorter = encoder.Encode([new HeaderField(":authority", "www.example.com")], HpackIndexing.WithoutIndexing);
        var longer = encoder.Encode([new HeaderField(":authority", "\u0001\u0002")], HpackIndexing.WithoutIndexing);
        Assert.Multiple(() =>
        {
            Assert.That(Hex.Format(shorter), Is.EqualTo("018cf1e3c2e5f23a6ba0ab90f4ff"));
            Assert.That(Hex.Format(longer), Is.EqualTo("01020102"));
        });
    }

    [Test]
    public void NamesADynamicEntryWhenTheStaticTableLacksTheName()
    {
        var encoder = new HpackEncoder(huffman: HuffmanMode.Never);
        encoder.Encode([new HeaderField("x-a", "1")]);
        var bytes = encoder.Encode([new HeaderField("x-a", "2")], HpackIndexing.WithoutIndexing);
        Assert.That(Hex.Format(bytes), Is.EqualTo("0f2f0132"));
    }

    [Test]
    public void AFieldLargerThanTheTableEmptiesItOnBothSides()
    {
        var encoder = new HpackEncoder(64, HuffmanMode.Never);
        var decoder = new HpackDecoder(64);
        decoder.Decode(encoder.Encode([new HeaderField("a", "1")]));
        var big = new HeaderField("b", new string('x', 40));
        var decoded = decoder.Decode(encoder.Encode([big]));
        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(new[] { big }));
            Assert.That(encoder.Table.Count, Is.Zero);
            Assert.That(decoder.Table.Count, Is.Zero);
        });
    }
}
