using CriEngine.Streaming.Spdy;

namespace CriEngine.TestSupport.Streaming;

/// <summary>A SPDY frame as a test compares it: control frames decoded, data frames with their bytes.</summary>
internal sealed record DecodedFrame(SpdyControlFrame? Control, uint DataStreamId, byte DataFlags, byte[] Data)
{
    public bool IsData => Control is null;

    public bool IsFin => IsData ? (DataFlags & SpdyFlags.Fin) != 0 : Control!.IsFin;

    public override string ToString() => IsData
        ? $"DATA stream={DataStreamId} flags={DataFlags} length={Data.Length}"
        : Control switch
        {
            SynStreamFrame syn => $"SYN_STREAM stream={syn.StreamId} flags={syn.Flags} [{syn.Headers}]",
            SynReplyFrame reply => $"SYN_REPLY stream={reply.StreamId} flags={reply.Flags} [{reply.Headers}]",
            _ => Control!.ToString(),
        };
}
