using System.Buffers;
using System.Text;

namespace CriEngine.Grpc.Hpack;

/// <summary>The string literal representation of RFC 7541 section 5.2: H flag, 7-bit prefix length, octets.</summary>
internal static class StringLiteral
{
    private const byte HuffmanFlag = 0x80;

    private const int LengthPrefixBits = 7;

    private const int StackBufferLength = 256;

    /// <exception cref="ArgumentException">A char has no Latin-1 octet.</exception>
    public static void ThrowIfNotLatin1(string value, string paramName)
    {
        if (value.AsSpan().ContainsAnyExceptInRange('\0', '\u00ff'))
        {
            throw new ArgumentException("Header fields are octets: a char above U+00FF cannot be encoded.", paramName);
        }
    }

    /// <summary>Writes <paramref name="value"/>, which must be Latin-1 (see <see cref="ThrowIfNotLatin1"/>).</summary>
    public static void Write(string value, HuffmanMode mode, IBufferWriter<byte> output)
    {
        var huffmanLength = mode == HuffmanMode.Never ? long.MaxValue : HuffmanEncoder.GetEncodedLength(value);
        var huffman = mode == HuffmanMode.Always || huffmanLength < value.Length;
        var length = huffman ? checked((int)huffmanLength) : value.Length;

        var span = output.GetSpan(HpackInteger.MaxLength + length);
        var written = HpackInteger.Write(span, length, LengthPrefixBits, huffman ? HuffmanFlag : (byte)0);
        written += huffman
            ? HuffmanEncoder.Encode(value, span[written..])
            : Encoding.Latin1.GetBytes(value, span[written..]);
        output.Advance(written);
    }

    /// <summary>Reads a string literal, raw or Huffman-coded, as a Latin-1 string.</summary>
    /// <exception cref="HpackException">The literal is truncated or its Huffman code is invalid.</exception>
    public static string Read(ref SequenceReader<byte> reader)
    {
        if (!reader.TryRead(out var first))
        {
            throw new HpackException("Truncated string literal.");
        }

        var length = HpackInteger.Read(ref reader, first, LengthPrefixBits);
        if (reader.Remaining < length)
        {
            throw new HpackException("Truncated string literal.");
        }

        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> octets;
            if (reader.UnreadSpan.Length >= length)
            {
                octets = reader.UnreadSpan[..length];
            }
            else
            {
                // The literal straddles segments: join its pieces.
                rented = ArrayPool<byte>.Shared.Rent(length);
                reader.TryCopyTo(rented.AsSpan(0, length));
                octets = rented.AsSpan(0, length);
            }

            reader.Advance(length);
            return (first & HuffmanFlag) == 0 ? Encoding.Latin1.GetString(octets) : DecodeHuffman(octets);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string DecodeHuffman(ReadOnlySpan<byte> octets)
    {
        var maxLength = HuffmanDecoder.GetMaxDecodedLength(octets.Length);
        if (maxLength > Array.MaxLength)
        {
            throw new HpackException("Huffman-coded string literal is too long.");
        }

        byte[]? rented = null;
        var buffer = maxLength <= StackBufferLength
            ? stackalloc byte[StackBufferLength]
            : rented = ArrayPool<byte>.Shared.Rent((int)maxLength);
        try
        {
            var length = HuffmanDecoder.Decode(octets, buffer);
            return Encoding.Latin1.GetString(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
