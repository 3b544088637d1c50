using System.Buffers;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>Multi-segment sequences, as a header block joined from several frames arrives.</summary>
internal static class Sequences
{
    /// <summary>Two segments: octets before <paramref name="at"/>, then the rest (either may be empty).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, int at) => Join([bytes[..at], bytes[at..]]);

    /// <summary>One segment per octet.</summary>
    public static ReadOnlySequence<byte> OctetByOctet(byte[] bytes) => Join([.. bytes.Select(octet => new[] { octet })]);

    private static ReadOnlySequence<byte> Join(byte[][] pieces)
    {
        if (pieces.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(pieces[0], 0);
        var last = first;
        foreach (var piece in pieces.Skip(1))
        {
            last = last.Append(piece);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
