using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CriEngine.Streaming.Spdy;

/// <summary>
/// The uncompressed name/value block of SPDY/3: a 32-bit pair count, then per pair a 32-bit
/// length and the name, a 32-bit length and the value (several values joined by NUL).
/// </summary>
internal static class SpdyHeaderBlock
{
    public static void Write(SpdyHeaders headers, IBufferWriter<byte> output)
    {
        WriteInt32(output, headers.Entries.Count);
        foreach (var (name, value) in headers.Entries)
        {
            WriteString(output, name);
            WriteString(output, value);
        }
    }

    public static SpdyHeaders Read(ReadOnlySpan<byte> block)
    {
        var headers = new SpdyHeaders();
        var count = ReadInt32(ref block);
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(ref block);
            if (name.Length == 0)
                throw new InvalidDataException("SPDY header block: empty header name");
            foreach (var value in ReadString(ref block).Split('\0'))
                headers.Add(name, value);
        }
        return block.IsEmpty ? headers : throw new InvalidDataException("SPDY header block: bytes after the last pair");
    }

    private static void WriteInt32(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static void WriteString(IBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(output, length);
        Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(length);
    }

    private static int ReadInt32(ref ReadOnlySpan<byte> block)
    {
        if (block.Length < 4)
            throw new InvalidDataException("SPDY header block: truncated length");
        var value = BinaryPrimitives.ReadInt32BigEndian(block);
        block = block[4..];
        return value >= 0 ? value : throw new InvalidDataException("SPDY header block: negative length");
    }

    private static string ReadString(ref ReadOnlySpan<byte> block)
    {
        var length = ReadInt32(ref block);
        if (block.Length < length)
            throw new InvalidDataException("SPDY header block: truncated string");
        var value = Encoding.UTF8.GetString(block[..length]);
        block = block[length..];
        return value;
    }
}
