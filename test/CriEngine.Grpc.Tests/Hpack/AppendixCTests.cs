using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>The header list examples of RFC 7541 Appendix C.3 to C.6, both ways.</summary>
[TestFixture]
public sealed class AppendixCTests
{
    public static IEnumerable<ExampleSequence> ExampleSequences => AppendixC.All;

    [TestCaseSource(nameof(ExampleSequences))]
    public void DecodingGivesTheHeaderListsAndTables(ExampleSequence sequence)
    {
        var decoder = new HpackDecoder(sequence.TableSize);
        for (var block = 0; block < sequence.Blocks.Length; block++)
        {
            var example = sequence.Blocks[block];
            var fields = decoder.Decode(Hex.Parse(example.Hex));
            Assert.Multiple(() =>
            {
                Assert.That(fields, Is.EqualTo(example.Fields), $"header list {block + 1}");
                Assert.That(decoder.Table.Entries(), Is.EqualTo(example.Table), $"table after {block + 1}");
                Assert.That(decoder.Table.Size, Is.EqualTo(example.TableSize), $"table size after {block + 1}");
            });
        }
    }

    [TestCaseSource(nameof(ExampleSequences))]
    public void EncodingGivesTheBytesAndTables(ExampleSequence sequence)
    {
        var encoder = new HpackEncoder(sequence.TableSize, sequence.Huffman);
        for (var block = 0; block < sequence.Blocks.Length; block++)
        {
            var example = sequence.Blocks[block];
            var bytes = encoder.Encode(example.Fields);
            Assert.Multiple(() =>
            {
                Assert.That(Hex.Format(bytes), Is.EqualTo(Hex.Normalize(example.Hex)), $"block {block + 1}");
                Assert.That(encoder.Table.Entries(), Is.EqualTo(example.Table), $"table after {block + 1}");
                Assert.That(encoder.Table.Size, Is.EqualTo(example.TableSize), $"table size after {block + 1}");
            });
        }
    }

    [TestCaseSource(nameof(ExampleSequences))]
    public void DecodingReusesStaticTableStrings(ExampleSequence sequence)
    {
        var decoder = new HpackDecoder(sequence.TableSize);
        var fields = decoder.Decode(Hex.Parse(sequence.Blocks[0].Hex));
        // Every first block names its first field by a static index (:method or :status).
        Assert.That(fields[0].Name, Is.SameAs(sequence.Blocks[0].Fields[0].Name == ":method"
            ? StaticTable.Get(2).Name
            : StaticTable.Get(8).Name));
    }
}
