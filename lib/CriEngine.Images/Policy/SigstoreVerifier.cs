using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace CriEngine.Images.Policy;

/// <summary>
/// Verifies a sigstore (cosign) signature made with a key pair: the signature (base64 in the
/// layer annotation <c>dev.cosignproject.cosign/signature</c>) over the payload bytes, with
/// SHA-256 as containers/image fixes it. Keys are PEM <c>PUBLIC KEY</c>s: ECDSA (cosign's own
/// P-256, also P-384 and P-521) and RSA (PKCS #1 v1.5) with .NET's cryptography, Ed25519 with
/// BouncyCastle (.NET has none).
/// </summary>
internal static class SigstoreVerifier
{
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    public static void Verify(byte[] payload, string base64Signature, IReadOnlyList<(string Name, byte[] Content)> keys)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(base64Signature);
        }
        catch (FormatException)
        {
            throw new SignatureRejectedException($"the {SignatureAnnotation} annotation is not base64");
        }
        if (!keys.Any(key => Verifies(SubjectPublicKeyInfo(key), payload, signature)))
            throw new SignatureRejectedException($"the signature does not verify with any trusted key ({string.Join(", ", keys.Select(k => k.Name))})");
    }

    private static bool Verifies(byte[] publicKey, byte[] payload, byte[] signature)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(publicKey, out _);
            return ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
        }
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
            return rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
        }
        try
        {
            if (PublicKeyFactory.CreateKey(publicKey) is not Ed25519PublicKeyParameters ed25519)
                return false;
            var verifier = new Ed25519Signer();
            verifier.Init(false, ed25519);
            verifier.BlockUpdate(payload, 0, payload.Length);
            return verifier.VerifySignature(signature);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or SecurityUtilityException)
        {
            return false;
        }
    }

    private static byte[] SubjectPublicKeyInfo((string Name, byte[] Content) key)
    {
        var text = System.Text.Encoding.ASCII.GetString(key.Content);
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "PUBLIC KEY")
            throw new FormatException($"{key.Name}: not a PEM PUBLIC KEY");
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
