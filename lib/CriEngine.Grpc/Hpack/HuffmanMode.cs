namespace CriEngine.Grpc.Hpack;

public enum HuffmanMode
{
    /// <summary>Huffman-code a string when that makes it shorter (what production uses).</summary>
    WhenShorter,
    Always,
    Never,
}
