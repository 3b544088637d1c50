namespace CriEngine.Grpc.Hpack;

/// <summary>
/// Decodes Huffman-coded strings (RFC 7541 section 5.2) one symbol per step: a 64-bit
/// accumulator keeps at least 32 bits of input ready, one table look-up on the top
/// <see cref="LookupBits"/> bits decodes any short code, and longer codes, being canonical,
/// are found by comparing the 32-bit window with one limit per code length.
/// </summary>
internal static class HuffmanDecoder
{
    // Codes of up to 11 bits cover all letters, digits and common punctuation.
    private const int LookupBits = 11;

    private const int SymbolBits = 9;

    private const int MaxCodeLength = 30;

    private const int ShortestCodeLength = 5;

    // Indexed by the top LookupBits bits of the window: (length << SymbolBits) | symbol when
    // those bits start with a code of at most LookupBits bits, 0 when they start a longer one.
    private static readonly ushort[] ShortCodes = BuildShortCodes();

    // One run per length above LookupBits, shortest first.
    private static readonly LongCodeRun[] LongCodeRuns = BuildLongCodeRuns();

    /// <summary>The most octets <paramref name="encodedLength"/> octets decode to: every code has at least 5 bits.</summary>
    public static long GetMaxDecodedLength(int encodedLength) => (long)encodedLength * 8 / ShortestCodeLength;

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>, which must hold <see cref="GetMaxDecodedLength"/> octets.</summary>
    /// <returns>The octets written.</returns>
    /// <exception cref="HpackException">EOS in the string, or padding longer than 7 bits or not all ones.</exception>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong bits = 0;
        var bitCount = 0;
        var read = 0;
        var written = 0;
        while (true)
        {
            // Bits above bitCount are stale; every use below shifts or casts them away.
            while (bitCount <= 56 && read < source.Length)
            {
                bits = (bits << 8) | source[read++];
                bitCount += 8;
            }

            if (bitCount == 0)
            {
                return written;
            }

            // Short of 32 bits the input is exhausted: fill the window with ones, what padding
            // is made of, so the look-up yields either a whole code or one that overruns the input.
            var window = bitCount >= 32
                ? (uint)(bits >> (bitCount - 32))
                : (uint)(bits << (32 - bitCount)) | (uint.MaxValue >> bitCount);
            var (symbol, length) = Lookup(window);
            if (length > bitCount)
            {
                // No whole code is left: the remaining bits must be padding (section 5.2).
                if (bitCount > 7)
                {
                    throw new HpackException("Huffman string ends with more than 7 bits of padding.");
                }

                var padding = (1u << bitCount) - 1;
                if (((uint)bits & padding) != padding)
                {
                    throw new HpackException("Huffman padding is not the most significant bits of EOS.");
                }

                return written;
            }

            if (symbol == HuffmanTable.EndOfString)
            {
                throw new HpackException("Huffman string contains EOS.");
            }

            destination[written++] = (byte)symbol;
            bitCount -= length;
        }
    }

    private static (int Symbol, int Length) Lookup(uint window)
    {
        var entry = ShortCodes[window >> (32 - LookupBits)];
        if (entry != 0)
        {
            return (entry & ((1 << SymbolBits) - 1), entry >> SymbolBits);
        }

        // The code is complete (its Kraft sum is 1), so the last limit is 2^32 and the scan stops.
        var runs = LongCodeRuns;
        var run = 0;
        while (window >= runs[run].Limit)
        {
            run++;
        }

        var found = runs[run];
        return (found.Symbols[(window >> (32 - found.Length)) - found.FirstCode], found.Length);
    }

    private static ushort[] BuildShortCodes()
    {
        var table = new ushort[1 << LookupBits];
        for (var symbol = 0; symbol < HuffmanTable.SymbolCount; symbol++)
        {
            var length = HuffmanTable.Lengths[symbol];
            if (length > LookupBits)
            {
                continue;
            }

            // Every window starting with this code, whatever bits follow it.
            var first = (int)HuffmanTable.Codes[symbol] << (LookupBits - length);
            table.AsSpan(first, 1 << (LookupBits - length)).Fill((ushort)((length << SymbolBits) | symbol));
        }

        return table;
    }

    private static LongCodeRun[] BuildLongCodeRuns()
    {
        var runs = new List<LongCodeRun>();
        for (var length = LookupBits + 1; length <= MaxCodeLength; length++)
        {
            var symbols = new List<ushort>();
            for (var symbol = 0; symbol < HuffmanTable.SymbolCount; symbol++)
            {
                if (HuffmanTable.Lengths[symbol] == length)
                {
                    symbols.Add((ushort)symbol);
                }
            }

            if (symbols.Count == 0)
            {
                continue;
            }

            // Canonical: the codes of one length are consecutive in symbol order and,
            // aligned left, above every shorter code.
            var firstCode = HuffmanTable.Codes[symbols[0]];
            var limit = (ulong)(firstCode + (uint)symbols.Count) << (32 - length);
            runs.Add(new LongCodeRun(length, limit, firstCode, [.. symbols]));
        }

        return [.. runs];
    }

    /// <param name="Limit">One past the last code of this length, aligned left in 32 bits.</param>
    private sealed record LongCodeRun(int Length, ulong Limit, uint FirstCode, ushort[] Symbols);
}
