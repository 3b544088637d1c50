using System.Buffers;
using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>Malformed header blocks: each must raise <see cref="HpackException"/> and nothing else.</summary>
[TestFixture]
public sealed class DecoderErrorTests
{
    [TestCase("80", TestName = "Indexed field with index 0")]
    [TestCase("be", TestName = "Index 62 with an empty dynamic table")]
    [TestCase("4004 6e61 6d65 0576 616c 7565 bf", TestName = "Index 63 with one dynamic entry")]
    [TestCase("7e 0576 616c 7565", TestName = "Literal naming index 62 with an empty dynamic table")]
    [TestCase("ff80 ffff ff07", TestName = "Index int.MaxValue")]
    [TestCase("3fe2 1f", TestName = "Size update to 4097 above the allowed 4096")]
    [TestCase("82 20", TestName = "Size update after the first field")]
    [TestCase("20 82 3fe1 1f", TestName = "Second size update after a field")]
    [TestCase("ff", TestName = "Truncated integer: prefix full, no continuation")]
    [TestCase("ff80", TestName = "Truncated integer: continuation bit on the last octet")]
    [TestCase("40", TestName = "Truncated literal: no name")]
    [TestCase("41", TestName = "Truncated literal: no value")]
    [TestCase("400a 6375", TestName = "Truncated string: name shorter than its length")]
    [TestCase("418c f1e3 c2e5", TestName = "Truncated string: Huffman value shorter than its length")]
    [TestCase("ffff ffff ff0f", TestName = "Integer overflow in an index")]
    [TestCase("41 7fff ffff ff0f", TestName = "Integer overflow in a string length")]
    [TestCase("41 7f80 8080 8080 00", TestName = "Integer with too many continuation octets")]
    [TestCase("3fff ffff ff0f", TestName = "Integer overflow in a size update")]
    [TestCase("4181 ff", TestName = "Huffman value of padding only")]
    [TestCase("4184 ffff ffff", TestName = "Huffman value holding EOS")]
    [TestCase("4181 18", TestName = "Huffman value padded with zeros")]
    public void RejectsTheBlock(string hex)
    {
        var decoder = new HpackDecoder();
        Assert.That(() => decoder.Decode(Hex.Parse(hex)), Throws.TypeOf<HpackException>());
    }

    [Test]
    public void AcceptsSizeUpdatesOpeningTheBlock()
    {
        // Section 4.2: a lowered then raised size is signalled as two updates.
        var decoder = new HpackDecoder();
        var fields = decoder.Decode(Hex.Parse("20 3fe1 1f 82"));
        Assert.Multiple(() =>
        {
            Assert.That(fields, Is.EqualTo(new[] { new HeaderField(":method", "GET") }));
            Assert.That(decoder.Table.MaxSize, Is.EqualTo(4096));
        });
    }

    [Test]
    public void AppliesASizeUpdateAtTheLimit()
    {
        // C.1.2's 1337 in the 5-bit prefix of a size update.
        var decoder = new HpackDecoder(1337);
        Assert.Multiple(() =>
        {
            Assert.That(decoder.Decode(Hex.Parse("3f9a 0a")), Is.Empty);
            Assert.That(decoder.Table.MaxSize, Is.EqualTo(1337));
        });
    }

    [Test]
    public void ASizeUpdateEvicts()
    {
        var decoder = new HpackDecoder();
        decoder.Decode(Hex.Parse(AppendixC.RequestsWithoutHuffman.Blocks[0].Hex));
        decoder.Decode(Hex.Parse(AppendixC.RequestsWithoutHuffman.Blocks[1].Hex));
        // 56: room for cache-control: no-cache (53) but not :authority: www.example.com (57).
        decoder.Decode(Hex.Parse("3f19"));
        Assert.That(decoder.Table.Entries(), Is.EqualTo(new[] { new HeaderField("cache-control", "no-cache") }));
    }

    [Test]
    public void RandomBytesRaiseOnlyHpackException()
    {
        var random = new Random(7541);
        var decoder = new HpackDecoder();
        for (var iteration = 0; iteration < 50_000; iteration++)
        {
            var block = new byte[random.Next(0, 48)];
            random.NextBytes(block);
            // A connection dies at its first error; a fresh decoder keeps the table small and fuzzable.
            if (!TryDecode(decoder, block))
            {
                decoder = new HpackDecoder();
            }
        }
    }

    [Test]
    public void MutatedExamplesRaiseOnlyHpackException()
    {
        // Mutations of valid blocks get past the first octet far more often than random bytes.
        var random = new Random(7540);
        foreach (var sequence in AppendixC.All)
        {
            var blocks = sequence.Blocks.Select(block => Hex.Parse(block.Hex)).ToArray();
            for (var iteration = 0; iteration < 5_000; iteration++)
            {
                var decoder = new HpackDecoder(sequence.TableSize);
                foreach (var block in blocks)
                {
                    var mutated = Mutate(block, random);
                    if (!TryDecode(decoder, mutated))
                    {
                        break;
                    }
                }
            }
        }
    }

    private static byte[] Mutate(byte[] block, Random random)
    {
        var mutated = block.ToArray();
        switch (random.Next(3))
        {
            case 0:
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                break;
            case 1:
                mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
                break;
            default:
                return mutated[..random.Next(mutated.Length)];
        }

        return mutated;
    }

    /// <returns>Whether the block decoded.</returns>
    private static bool TryDecode(HpackDecoder decoder, byte[] block)
    {
        try
        {
            decoder.Decode(new ReadOnlySequence<byte>(block), []);
            return true;
        }
        catch (HpackException)
        {
            return false;
        }
        catch (Exception exception)
        {
            throw new AssertionException($"{exception.GetType().Name} for block {Hex.Format(block)}", exception);
        }
    }
}
