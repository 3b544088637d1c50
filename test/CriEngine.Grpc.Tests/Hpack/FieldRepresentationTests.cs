using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>The independent representation examples of RFC 7541 Appendix C.2, both ways.</summary>
[TestFixture]
public sealed class FieldRepresentationTests
{
    public static IEnumerable<TestCaseData> Examples()
    {
        yield return new TestCaseData(
                "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
                new HeaderField("custom-key", "custom-header"), HpackIndexing.Incremental, 55)
            .SetName("C.2.1 Literal with indexing");
        yield return new TestCaseData(
                "040c 2f73 616d 706c 652f 7061 7468",
                new HeaderField(":path", "/sample/path"), HpackIndexing.WithoutIndexing, 0)
            .SetName("C.2.2 Literal without indexing");
        yield return new TestCaseData(
                "1008 7061 7373 776f 7264 0673 6563 7265 74",
                new HeaderField("password", "secret"), HpackIndexing.NeverIndexed, 0)
            .SetName("C.2.3 Literal never indexed");
        yield return new TestCaseData(
                "82",
                new HeaderField(":method", "GET"), HpackIndexing.Incremental, 0)
            .SetName("C.2.4 Indexed");
    }

    [TestCaseSource(nameof(Examples))]
    public void Decodes(string hex, HeaderField field, HpackIndexing indexing, int tableSize)
    {
        var decoder = new HpackDecoder();
        var fields = decoder.Decode(Hex.Parse(hex));
        Assert.Multiple(() =>
        {
            Assert.That(fields, Is.EqualTo(new[] { field }));
            Assert.That(decoder.Table.Size, Is.EqualTo(tableSize));
            Assert.That(decoder.Table.Entries(), Is.EqualTo(tableSize == 0 ? [] : new[] { field }));
        });
    }

    [TestCaseSource(nameof(Examples))]
    public void Encodes(string hex, HeaderField field, HpackIndexing indexing, int tableSize)
    {
        var encoder = new HpackEncoder(huffman: HuffmanMode.Never);
        var bytes = encoder.Encode([field], indexing);
        Assert.Multiple(() =>
        {
            Assert.That(Hex.Format(bytes), Is.EqualTo(Hex.Normalize(hex)));
            Assert.That(encoder.Table.Size, Is.EqualTo(tableSize));
        });
    }
}
