using System.Buffers;

namespace CriEngine.Grpc.Hpack;

/// <summary>The integer representation of RFC 7541 section 5.1: an N-bit prefix, then 7 bits per continuation octet.</summary>
internal static class HpackInteger
{
    /// <summary>The most octets a non-negative int takes: the prefix and five continuation octets.</summary>
    public const int MaxLength = 6;

    // Five continuation octets carry 35 bits, more than an int holds: a sixth could only
    // overflow or pad with zero octets, and section 5.1 lets us reject over-long encodings.
    private const int MaxShift = 28;

    /// <summary>Writes <paramref name="value"/> with its prefix in the low <paramref name="prefixBits"/> bits of the first octet.</summary>
    /// <param name="pattern">The representation's bits above the prefix.</param>
    /// <returns>The octets written.</returns>
    public static int Write(Span<byte> destination, int value, int prefixBits, byte pattern)
    {
        var prefixMax = (1 << prefixBits) - 1;
        if (value < prefixMax)
        {
            destination[0] = (byte)(pattern | value);
            return 1;
        }

        destination[0] = (byte)(pattern | prefixMax);
        var rest = (uint)(value - prefixMax);
        var length = 1;
        while (rest >= 0x80)
        {
            destination[length++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        destination[length++] = (byte)rest;
        return length;
    }

    /// <summary>Reads the rest of an integer whose first octet, <paramref name="first"/>, the caller has read.</summary>
    /// <exception cref="HpackException">The integer is truncated or does not fit an int.</exception>
    public static int Read(ref SequenceReader<byte> reader, byte first, int prefixBits)
    {
        var prefixMax = (1 << prefixBits) - 1;
        long value = first & prefixMax;
        if (value < prefixMax)
        {
            return (int)value;
        }

        for (var shift = 0; shift <= MaxShift; shift += 7)
        {
            if (!reader.TryRead(out var octet))
            {
                throw new HpackException("Truncated integer.");
            }

            value += (long)(octet & 0x7f) << shift;
            if (value > int.MaxValue)
            {
                throw new HpackException("Integer exceeds the implementation limit.");
            }

            if ((octet & 0x80) == 0)
            {
                return (int)value;
            }
        }

        throw new HpackException("Integer encoding is too long.");
    }
}
