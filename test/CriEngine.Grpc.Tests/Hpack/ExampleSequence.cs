using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>Blocks of RFC 7541 Appendix C sent in turn on one connection; every literal in them uses incremental indexing.</summary>
public sealed record ExampleSequence(string Name, int TableSize, HuffmanMode Huffman, ExampleBlock[] Blocks)
{
    // Names the test cases.
    public override string ToString() => Name;
}
