using System.Text;
using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>The Huffman code of RFC 7541 section 5.2 and Appendix B.</summary>
[TestFixture]
public sealed class HuffmanTests
{
    // The Huffman-coded strings of Appendix C.4 and C.6.
    [TestCase("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff")]
    [TestCase("no-cache", "a8eb 1064 9cbf")]
    [TestCase("custom-key", "25a8 49e9 5ba9 7d7f")]
    [TestCase("custom-value", "25a8 49e9 5bb8 e8b4 bf")]
    [TestCase("302", "6402")]
    [TestCase("307", "640e ff")]
    [TestCase("private", "aec3 771a 4b")]
    [TestCase("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff")]
    [TestCase("Mon, 21 Oct 2013 20:13:22 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff")]
    [TestCase("https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3")]
    [TestCase("gzip", "9bd9 ab")]
    [TestCase("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07")]
    public void CodesTheRfcExamples(string text, string hex)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Hex.Format(Encode(text)), Is.EqualTo(Hex.Normalize(hex)));
            Assert.That(Decode(Hex.Parse(hex)), Is.EqualTo(text));
        });
    }

    [Test]
    public void TheTableIsACompleteCanonicalPrefixCode()
    {
        // The decoder relies on this: codes of one length are consecutive in symbol order and,
        // aligned left, above every shorter code; and every bit string starts with some code.
        var symbols = Enumerable.Range(0, HuffmanTable.SymbolCount)
            .OrderBy(symbol => HuffmanTable.Lengths[symbol])
            .ThenBy(symbol => symbol)
            .ToArray();
        var expected = 0u;
        var previousLength = (int)HuffmanTable.Lengths[symbols[0]];
        ulong kraftSum = 0;
        foreach (var symbol in symbols)
        {
            int length = HuffmanTable.Lengths[symbol];
            expected <<= length - previousLength;
            Assert.That(HuffmanTable.Codes[symbol], Is.EqualTo(expected), $"code of symbol {symbol}");
            expected++;
            previousLength = length;
            kraftSum += 1ul << (30 - length);
        }

        Assert.That(kraftSum, Is.EqualTo(1ul << 30));
    }

    [Test]
    public void RoundTripsEveryOctetAlone()
    {
        for (var octet = 0; octet < 256; octet++)
        {
            var text = ((char)octet).ToString();
            Assert.That(Decode(Encode(text)), Is.EqualTo(text), $"octet {octet}");
        }
    }

    [Test]
    public void RoundTripsEveryOctetTogether()
    {
        var text = new string([.. Enumerable.Range(0, 256).Select(octet => (char)octet)]);
        Assert.That(Decode(Encode(text)), Is.EqualTo(text));
    }

    [Test]
    public void RoundTripsRandomStrings()
    {
        var random = new Random(7541);
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            // Alternate full-range strings with ASCII ones, which exercise the short codes.
            var top = iteration % 2 == 0 ? 256 : 128;
            var text = new string([.. Enumerable.Range(0, random.Next(0, 300)).Select(_ => (char)random.Next(top))]);
            Assert.That(Decode(Encode(text)), Is.EqualTo(text), $"iteration {iteration}");
        }
    }

    [Test]
    public void AcceptsSevenBitsOfPadding()
    {
        // Five 5-bit codes: 25 bits, so the fourth octet carries 7 bits of padding.
        var encoded = Encode("00000");
        Assert.Multiple(() =>
        {
            Assert.That(Hex.Format(encoded), Is.EqualTo("0000007f"));
            Assert.That(Decode(encoded), Is.EqualTo("00000"));
        });
    }

    [Test]
    public void DecodesNothingToTheEmptyString()
    {
        Assert.That(Decode([]), Is.Empty);
    }

    // 'a' is 00011.
    [TestCase("1fff", TestName = "Padding of 11 bits")]
    [TestCase("ff", TestName = "A whole octet of padding")]
    [TestCase("18", TestName = "Padding of zeros")]
    [TestCase("1d", TestName = "Padding of ones and zeros")]
    [TestCase("ffffffff", TestName = "EOS alone")]
    [TestCase("1fffffffff", TestName = "EOS after a symbol")]
    [TestCase("ffffffff1f", TestName = "EOS before a symbol")]
    [TestCase("fffffe", TestName = "A code cut short by the end")]
    public void RejectsInvalidPaddingAndEos(string hex)
    {
        Assert.That(() => Decode(Hex.Parse(hex)), Throws.TypeOf<HpackException>());
    }

    private static byte[] Encode(string text)
    {
        var encoded = new byte[HuffmanEncoder.GetEncodedLength(text)];
        Assert.That(HuffmanEncoder.Encode(text, encoded), Is.EqualTo(encoded.Length));
        return encoded;
    }

    private static string Decode(byte[] encoded)
    {
        var decoded = new byte[HuffmanDecoder.GetMaxDecodedLength(encoded.Length)];
        var length = HuffmanDecoder.Decode(encoded, decoded);
        return Encoding.Latin1.GetString(decoded, 0, length);
    }
}
