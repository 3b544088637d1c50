using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>Header blocks joined from several frames: fields and strings may straddle segments.</summary>
[TestFixture]
public sealed class MultiSegmentTests
{
    public static IEnumerable<ExampleSequence> ExampleSequences => AppendixC.All;

    [TestCaseSource(nameof(ExampleSequences))]
    public void EverySplitIntoTwoSegmentsDecodesTheSame(ExampleSequence sequence)
    {
        for (var block = 0; block < sequence.Blocks.Length; block++)
        {
            var example = sequence.Blocks[block];
            var bytes = Hex.Parse(example.Hex);
            for (var at = 0; at <= bytes.Length; at++)
            {
                var decoder = DecoderBefore(sequence, block);
                var fields = decoder.Decode(Sequences.Split(bytes, at));
                Assert.Multiple(() =>
                {
                    Assert.That(fields, Is.EqualTo(example.Fields), $"block {block + 1} split at {at}");
                    Assert.That(decoder.Table.Entries(), Is.EqualTo(example.Table), $"table, block {block + 1} split at {at}");
                });
            }
        }
    }

    [TestCaseSource(nameof(ExampleSequences))]
    public void OneSegmentPerOctetDecodesTheSame(ExampleSequence sequence)
    {
        var decoder = new HpackDecoder(sequence.TableSize);
        foreach (var example in sequence.Blocks)
        {
            var fields = decoder.Decode(Sequences.OctetByOctet(Hex.Parse(example.Hex)));
            Assert.Multiple(() =>
            {
                Assert.That(fields, Is.EqualTo(example.Fields));
                Assert.That(decoder.Table.Entries(), Is.EqualTo(example.Table));
            });
        }
    }

    [Test]
    public void LongStringsStraddlingSegmentsDecodeTheSame()
    {
        // Longer than the decoder's stack buffer, so the pooled paths are taken too.
        var field = new HeaderField("x-long", new string('q', 3000) + "\u00e9\u00ff" + new string('7', 1000));
        foreach (var huffman in new[] { HuffmanMode.Always, HuffmanMode.Never })
        {
            var bytes = new HpackEncoder(huffman: huffman).Encode([field], HpackIndexing.WithoutIndexing);
            foreach (var at in new[] { 1, 5, bytes.Length / 2, bytes.Length - 1 })
            {
                Assert.That(new HpackDecoder().Decode(Sequences.Split(bytes, at)), Is.EqualTo(new[] { field }), $"{huffman} split at {at}");
            }
        }
    }

    private static HpackDecoder DecoderBefore(ExampleSequence sequence, int block)
    {
        var decoder = new HpackDecoder(sequence.TableSize);
        foreach (var earlier in sequence.Blocks.Take(block))
        {
            decoder.Decode(Hex.Parse(earlier.Hex));
        }

        return decoder;
    }
}
