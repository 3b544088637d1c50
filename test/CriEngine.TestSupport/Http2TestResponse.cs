using CriEngine.Grpc.Hpack;
using CriEngine.Grpc.Http2;

namespace CriEngine.TestSupport;

/// <summary>One stream's answer as a raw peer saw it.</summary>
public sealed class Http2TestResponse
{
    public List<HeaderField>? Headers { get; set; }

    public List<HeaderField>? Trailers { get; set; }

    public List<byte> Data { get; } = [];

    public Http2ErrorCode? ResetCode { get; set; }

    /// <summary>A field from the trailers, or from the headers of a trailers-only response.</summary>
    public string? Status(string name = "grpc-status") =>
        (Trailers ?? Headers)?.FirstOrDefault(f => f.Name == name).Value;

    public string? Header(string name) => Headers?.FirstOrDefault(f => f.Name == name).Value;
}
