using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace CriEngine.Grpc;

/// <summary>gRPC's length-prefixed messages: a compressed flag octet, a 4-octet big-endian length, the message.</summary>
public static class GrpcFraming
{
    public const int PrefixLength = 5;

    /// <summary>Serializes a message with its prefix into a new buffer.</summary>
    public static byte[] Frame(IMessage message)
    {
        var size = message.CalculateSize();
        var buffer = new byte[PrefixLength + size];
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1), (uint)size);
        message.WriteTo(buffer.AsSpan(PrefixLength));
        return buffer;
    }

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>, if it is all there.
    /// A declared length over <paramref name="maxLength"/> fails before anything is buffered.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out bool compressed, out ReadOnlySequence<byte> message)
    {
        compressed = false;
        message = default;
        if (buffer.Length < PrefixLength)
            return false;
        Span<byte> prefix = stackalloc byte[PrefixLength];
        buffer.Slice(0, PrefixLength).CopyTo(prefix);
        if (prefix[0] > 1)
            throw new RpcException(StatusCode.Internal, $"invalid compressed flag {prefix[0]} in a message prefix");
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        if (length > maxLength)
            throw new RpcException(StatusCode.ResourceExhausted, $"received message larger than max ({length} vs. {maxLength})");
        if (buffer.Length < PrefixLength + length)
            return false;
        compressed = prefix[0] == 1;
        message = buffer.Slice(PrefixLength, length);
        buffer = buffer.Slice(message.End);
        return true;
    }

    /// <summary>Inflates a gzip message, refusing one that inflates past <paramref name="maxLength"/>.</summary>
    public static ReadOnlySequence<byte> Gunzip(ReadOnlySequence<byte> message, int maxLength)
    {
        using var input = new GZipStream(new MemoryStream(message.ToArray()), CompressionMode.Decompress);
        var output = new MemoryStream();
        var chunk = new byte[16 << 10];
        try
        {
            int read;
            while ((read = input.Read(chunk)) > 0)
            {
                if (output.Length + read > maxLength)
                    throw new RpcException(StatusCode.ResourceExhausted, $"decompressed message larger than max ({maxLength})");
                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new RpcException(StatusCode.Internal, $"invalid gzip message: {e.Message}");
        }
        return new ReadOnlySequence<byte>(output.GetBuffer(), 0, (int)output.Length);
    }
}
