using System.Security.Cryptography;
using CriEngine.Grpc;

namespace CriEngine.Images.References;

/// <summary>
/// A content digest, <c>algorithm:hex</c> (OCI image spec, "Digests"). sha256 and sha512 are
/// understood; the hex part is lower case and of the algorithm's length.
/// </summary>
public readonly record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    public string Hex { get; }

    public static Digest Sha256(ReadOnlySpan<byte> hash) => new("sha256", Convert.ToHexStringLower(hash));

    /// <summary>The sha256 digest of <paramref name="content"/>.</summary>
    public static Digest Of(ReadOnlySpan<byte> content) => Sha256(SHA256.HashData(content));

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (text is null)
            return false;
        var colon = text.IndexOf(':');
        if (colon <= 0)
            return false;
        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var length = algorithm switch
        {
            "sha256" => 64,
            "sha512" => 128,
            _ => -1,
        };
        if (hex.Length != length || !hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
            return false;
        digest = new Digest(algorithm, hex);
        return true;
    }

    /// <exception cref="RpcException">InvalidArgument, naming the text.</exception>
    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new RpcException(StatusCode.InvalidArgument, $"invalid digest \"{text}\"");

    /// <summary>A hash of the digest's algorithm, for checking content as it streams.</summary>
    public IncrementalHash CreateHash() => IncrementalHash.CreateHash(Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);

    public bool Matches(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash) == Hex;

    public override string ToString() => $"{Algorithm}:{Hex}";
}
