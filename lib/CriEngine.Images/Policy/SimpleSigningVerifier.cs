using Org.BouncyCastle.Bcpg.OpenPgp;

namespace CriEngine.Images.Policy;

/// <summary>
/// Verifies a simple-signing signature: an OpenPGP signed message (as <c>gpg --sign</c> and
/// <c>skopeo copy --sign-by</c> write it, possibly compressed) whose literal data is the JSON
/// payload. The signing key must be in one of the trusted keyrings (binary or ASCII-armoured).
/// </summary>
internal static class SimpleSigningVerifier
{
    /// <summary>The signed payload, once the signature verified against a trusted key.</summary>
    public static byte[] Verify(byte[] signature, IReadOnlyList<(string Name, byte[] Content)> keyrings)
    {
        var trusted = keyrings.Select(Keyring).ToList();
        try
        {
            var factory = new PgpObjectFactory(PgpUtilities.GetDecoderStream(new MemoryStream(signature)));
            var next = factory.NextPgpObject();
            if (next is PgpCompressedData compressed)
            {
                factory = new PgpObjectFactory(compressed.GetDataStream());
                next = factory.NextPgpObject();
            }
            if (next is not PgpOnePassSignatureList { Count: 1 } onePassList)
                throw new SignatureRejectedException("not an OpenPGP signed message with one signature");
            var onePass = onePassList[0];
            if (factory.NextPgpObject() is not PgpLiteralData literal)
                throw new SignatureRejectedException("the OpenPGP message holds no signed data");
            var key = trusted.Select(bundle => bundle.GetPublicKey(onePass.KeyId)).FirstOrDefault(k => k is not null)
                ?? throw new SignatureRejectedException($"signed by key {onePass.KeyId:X16}, which is not among the trusted keys");
            onePass.InitVerify(key);
            var payload = new MemoryStream();
            literal.GetInputStream().CopyTo(payload);
            onePass.Update(payload.ToArray());
            if (factory.NextPgpObject() is not PgpSignatureList { Count: 1 } signatures || !onePass.Verify(signatures[0]))
                throw new SignatureRejectedException($"the OpenPGP signature by key {onePass.KeyId:X16} does not verify");
            return payload.ToArray();
        }
        catch (Exception e) when (e is not SignatureRejectedException)
        {
            // Whatever a malformed or tampered message makes the OpenPGP reader throw, it is no valid signature.
            throw new SignatureRejectedException($"not a valid OpenPGP signature: {e.Message}");
        }
    }

    private static PgpPublicKeyRingBundle Keyring((string Name, byte[] Content) source)
    {
        try
        {
            return new PgpPublicKeyRingBundle(PgpUtilities.GetDecoderStream(new MemoryStream(source.Content)));
        }
        catch (Exception e) when (e is PgpException or IOException)
        {
            throw new FormatException($"{source.Name}: not an OpenPGP keyring: {e.Message}");
        }
    }
}
