namespace CriEngine.Grpc.Hpack;

/// <summary>Huffman-codes Latin-1 strings with the code of RFC 7541 Appendix B.</summary>
internal static class HuffmanEncoder
{
    /// <summary>The octets <see cref="Encode"/> writes for <paramref name="value"/>, whose chars must all be below 256.</summary>
    public static long GetEncodedLength(ReadOnlySpan<char> value)
    {
        var lengths = HuffmanTable.Lengths;
        long bits = 0;
        foreach (var c in value)
        {
            bits += lengths[c];
        }

        return (bits + 7) >> 3;
    }

    /// <summary>Writes the code of each char, padding the last octet with the most significant bits of EOS (all ones).</summary>
    /// <returns>The octets written.</returns>
    public static int Encode(ReadOnlySpan<char> value, Span<byte> destination)
    {
        var codes = HuffmanTable.Codes;
        var lengths = HuffmanTable.Lengths;
        // Fewer than 8 bits are left over after each char and codes are at most 30 bits,
        // so the pending bits never exceed 37 and fit the accumulator.
        ulong pending = 0;
        var pendingBits = 0;
        var written = 0;
        foreach (var c in value)
        {
            pending = (pending << lengths[c]) | codes[c];
            pendingBits += lengths[c];
            while (pendingBits >= 8)
            {
                pendingBits -= 8;
                destination[written++] = (byte)(pending >> pendingBits);
            }
        }

        if (pendingBits > 0)
        {
            destination[written++] = (byte)((pending << (8 - pendingBits)) | (0xffu >> pendingBits));
        }

        return written;
    }
}
