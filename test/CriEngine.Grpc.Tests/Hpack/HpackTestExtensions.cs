using System.Buffers;
using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

internal static class HpackTestExtensions
{
    public static List<HeaderField> Decode(this HpackDecoder decoder, byte[] block) =>
        decoder.Decode(new ReadOnlySequence<byte>(block));

    public static List<HeaderField> Decode(this HpackDecoder decoder, ReadOnlySequence<byte> block)
    {
        var fields = new List<HeaderField>();
        decoder.Decode(block, fields);
        return fields;
    }

    /// <summary>Encodes one whole block.</summary>
    public static byte[] Encode(this HpackEncoder encoder, IEnumerable<HeaderField> fields, HpackIndexing indexing = HpackIndexing.Incremental)
    {
        var output = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(output);
        foreach (var field in fields)
        {
            encoder.Encode(field, indexing, output);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>The entries newest first, as RFC 7541 Appendix C lists them.</summary>
    public static HeaderField[] Entries(this DynamicTable table) =>
        [.. Enumerable.Range(0, table.Count).Select(index => table[index])];
}
