using System.Buffers;
using System.Buffers.Binary;

namespace CriEngine.Streaming.Spdy;

/// <summary>Encodes SPDY/3 frames.</summary>
internal static class SpdyFrameWriter
{
    public static void WriteData(IBufferWriter<byte> output, uint streamId, byte flags, ReadOnlySpan<byte> data)
    {
        var span = output.GetSpan(SpdyFrameHeader.Size + data.Length);
        new SpdyFrameHeader(SpdyFrameType.Data, SpdyFrameHeader.SpdyVersion, streamId, flags, data.Length).Write(span);
        data.CopyTo(span[SpdyFrameHeader.Size..]);
        output.Advance(SpdyFrameHeader.Size + data.Length);
    }

    /// <summary>
    /// Writes <paramref name="frame"/>; a frame with a header block is compressed by
    /// <paramref name="compressor"/>, whose stream the peer's decompressor follows.
    /// </summary>
    public static void WriteControl(IBufferWriter<byte> output, SpdyControlFrame frame, SpdyHeaderCompressor compressor)
    {
        var payload = new ArrayBufferWriter<byte>(64);
        switch (frame)
        {
            case SynStreamFrame syn:
                UInt32(payload, syn.StreamId);
                UInt32(payload, syn.AssociatedStreamId);
                UInt16(payload, (ushort)((syn.Priority << 13) | syn.Slot));
                compressor.Write(syn.Headers, payload);
                break;
            case SynReplyFrame reply:
                UInt32(payload, reply.StreamId);
                compressor.Write(reply.Headers, payload);
                break;
            case HeadersFrame headers:
                UInt32(payload, headers.StreamId);
                compressor.Write(headers.Headers, payload);
                break;
            case RstStreamFrame rst:
                UInt32(payload, rst.StreamId);
                UInt32(payload, (uint)rst.Status);
                break;
            case SettingsFrame settings:
                UInt32(payload, (uint)settings.Settings.Count);
                foreach (var setting in settings.Settings)
                {
                    UInt32(payload, ((uint)setting.Flags << 24) | setting.Id);
                    UInt32(payload, setting.Value);
                }
                break;
            case PingFrame ping:
                UInt32(payload, ping.Id);
                break;
            case GoAwayFrame goAway:
                UInt32(payload, goAway.LastGoodStreamId);
                UInt32(payload, goAway.Status);
                break;
            case WindowUpdateFrame update:
                UInt32(payload, update.StreamId);
                UInt32(payload, update.DeltaWindowSize);
                break;
        }
        var span = output.GetSpan(SpdyFrameHeader.Size + payload.WrittenCount);
        new SpdyFrameHeader(frame.Type, SpdyFrameHeader.SpdyVersion, 0, frame.Flags, payload.WrittenCount).Write(span);
        payload.WrittenSpan.CopyTo(span[SpdyFrameHeader.Size..]);
        output.Advance(SpdyFrameHeader.Size + payload.WrittenCount);
    }

    private static void UInt32(ArrayBufferWriter<byte> output, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static void UInt16(ArrayBufferWriter<byte> output, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }
}
