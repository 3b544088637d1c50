namespace CriEngine.Grpc.Http2;

/// <summary>Frame flags; the same bit means different things on different frame types.</summary>
[Flags]
public enum Http2FrameFlags : byte
{
    None = 0,
    EndStream = 0x1,
    Ack = 0x1,
    EndHeaders = 0x4,
    Padded = 0x8,
    Priority = 0x20,
}
