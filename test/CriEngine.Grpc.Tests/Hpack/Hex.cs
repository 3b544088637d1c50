namespace CriEngine.Grpc.Tests.Hpack;

/// <summary>Hex dumps as RFC 7541 prints them: groups of hex digits separated by spaces.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    // Compared as strings so that a failure shows both dumps.
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string Normalize(string hex) => Format(Parse(hex));
}
