using CriEngine.Grpc.Hpack;
using CriEngine.Grpc.Http2;

namespace CriEngine.TestSupport;

/// <summary>A frame as the server sent it; for HEADERS, the whole block (CONTINUATIONs joined) and its fields.</summary>
public sealed record Http2TestFrame(Http2FrameHeader Header, byte[] Payload, List<HeaderField>? Fields);
