using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>One header block of RFC 7541 Appendix C and the dynamic table after decoding it, newest entry first.</summary>
public sealed record ExampleBlock(string Hex, HeaderField[] Fields, HeaderField[] Table, int TableSize);
