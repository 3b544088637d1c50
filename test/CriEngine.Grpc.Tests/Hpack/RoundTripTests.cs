using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>
/// One encoder feeding one decoder over many blocks, as on a connection: every header list
/// must come back unchanged and both dynamic tables must stay identical throughout.
/// </summary>
[TestFixture]
public sealed class RoundTripTests
{
    private static readonly string[] Names =
    [
        ":status", ":path", ":method", "content-type", "grpc-status", "grpc-message", "te",
        "user-agent", "x-request-id", "authorization", "set-cookie", "grpc-timeout",
    ];

    [Test]
    public void TablesStayInStepAcrossManyBlocks(
        [Values] HuffmanMode huffman,
        [Values(4096, 256, 0)] int tableSize)
    {
        var random = new Random(tableSize + (int)huffman);
        var encoder = new HpackEncoder(tableSize, huffman);
        var decoder = new HpackDecoder(tableSize);
        for (var block = 0; block < 300; block++)
        {
            var fields = RandomFields(random);
            var indexing = (HpackIndexing)random.Next(3);
            AssertRoundTrip(encoder, decoder, fields, indexing, block);
        }
    }

    [Test]
    public void TablesStayInStepThroughSizeChanges([Values] HuffmanMode huffman)
    {
        var random = new Random(17 + (int)huffman);
        var encoder = new HpackEncoder(4096, huffman);
        var decoder = new HpackDecoder(4096);
        // Each step is the peer's settings changes between two blocks.
        int[][] changes = [[], [256], [], [100, 4096], [0], [], [1000, 50, 300], [4096], [4096], [64, 64]];
        for (var block = 0; block < 400; block++)
        {
            foreach (var size in changes[block % changes.Length])
            {
                encoder.SetMaxDynamicTableSize(size);
            }

            AssertRoundTrip(encoder, decoder, RandomFields(random), HpackIndexing.Incremental, block);
        }
    }

    private static void AssertRoundTrip(HpackEncoder encoder, HpackDecoder decoder, HeaderField[] fields, HpackIndexing indexing, int block)
    {
        var decoded = decoder.Decode(encoder.Encode(fields, indexing));
        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(fields), $"header list of block {block}");
            Assert.That(decoder.Table.Entries(), Is.EqualTo(encoder.Table.Entries()), $"tables after block {block}");
            Assert.That(decoder.Table.Size, Is.EqualTo(encoder.Table.Size), $"table sizes after block {block}");
            Assert.That(decoder.Table.MaxSize, Is.EqualTo(encoder.Table.MaxSize), $"table maximums after block {block}");
        });
    }

    private static HeaderField[] RandomFields(Random random) =>
        [.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => RandomField(random))];

    private static HeaderField RandomField(Random random)
    {
        // Mostly repeats from a small pool, so fields hit the tables; sometimes fresh names,
        // long values, or values with octets above 127.
        var name = random.Next(10) == 0 ? $"x-custom-{random.Next(1000)}" : Names[random.Next(Names.Length)];
        var value = random.Next(8) switch
        {
            0 => new string([.. Enumerable.Range(0, random.Next(0, 400)).Select(_ => (char)random.Next(256))]),
            1 => "",
            _ => $"value-{random.Next(20)}",
        };
        return new HeaderField(name, value);
    }
}
