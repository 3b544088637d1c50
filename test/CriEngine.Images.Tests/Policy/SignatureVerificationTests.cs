using System.Security.Cryptography;
using System.Text;
using CriEngine.Images.Policy;
using CriEngine.Images.References;
using CriEngine.TestSupport.Signing;

namespace CriEngine.Images.Tests.Policy;

/// <summary>Signatures made by GnuPG through skopeo (simple signing) and by a cosign-style key pair, verified by the engine's readers.</summary>
public sealed class SignatureVerificationTests
{
    private static readonly byte[] Manifest = """{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}"""u8.ToArray();

    [Test]
    public async Task A_skopeo_signature_verifies_with_the_signers_keyring_and_gives_its_claim()
    {
        using var key = await TestGpgKey.CreateAsync();
        var signature = await key.SignAsync(Manifest, "example.com/app:1");

        var payload = SignaturePayload.Parse(SimpleSigningVerifier.Verify(signature, [("keyring", await File.ReadAllBytesAsync(key.PublicKeyring))]), SignaturePayload.SimpleSigningType);

        Assert.That(payload, Is.EqualTo(new SignaturePayload(Digest.Of(Manifest).ToString(), "example.com/app:1")));
    }

    [Test]
    public async Task A_skopeo_signature_is_refused_with_another_keyring_naming_the_signing_key()
    {
        using var signer = await TestGpgKey.CreateAsync("Signer");
        using var other = await TestGpgKey.CreateAsync("Other");
        var signature = await signer.SignAsync(Manifest, "example.com/app:1");

        var e = Assert.Throws<SignatureRejectedException>(() => SimpleSigningVerifier.Verify(signature, [("other", File.ReadAllBytes(other.PublicKeyring))]));

        Assert.That(e!.Message, Does.Contain($"signed by key {signer.Fingerprint[^16..]}, which is not among the trusted keys"));
    }

    [Test]
    public async Task A_tampered_simple_signature_does_not_verify()
    {
        using var key = await TestGpgKey.CreateAsync();
        var signature = await key.SignAsync(Manifest, "example.com/app:1");
        signature[^10] ^= 0xff;

        Assert.Throws<SignatureRejectedException>(() => SimpleSigningVerifier.Verify(signature, [("keyring", File.ReadAllBytes(key.PublicKeyring))]));
    }

    [Test]
    public void A_cosign_signature_verifies_with_its_public_key_and_not_with_another()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = TestCosignKey.Payload(Digest.Of(Manifest), "example.com/app:1");
        var signature = Convert.ToBase64String(signer.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        Assert.DoesNotThrow(() => SigstoreVerifier.Verify(payload, signature, [Pem("signer", signer.ExportSubjectPublicKeyInfoPem())]));
        var e = Assert.Throws<SignatureRejectedException>(() => SigstoreVerifier.Verify(payload, signature, [Pem("other.pub", other.ExportSubjectPublicKeyInfoPem())]));
        Assert.That(e!.Message, Is.EqualTo("the signature does not verify with any trusted key (other.pub)"));
        Assert.That(SignaturePayload.Parse(payload, SignaturePayload.CosignType).DockerReference, Is.EqualTo("example.com/app:1"));
    }

    [Test]
    public void An_rsa_public_key_verifies_a_pkcs1_signature()
    {
        using var rsa = RSA.Create(2048);
        var payload = TestCosignKey.Payload(Digest.Of(Manifest), "example.com/app:1");
        var signature = Convert.ToBase64String(rsa.SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        Assert.DoesNotThrow(() => SigstoreVerifier.Verify(payload, signature, [Pem("rsa.pub", rsa.ExportSubjectPublicKeyInfoPem())]));
    }

    [TestCase("""{"critical": {"type": "atomic container signature", "image": {"docker-manifest-digest": "sha256:x"}, "identity": {"docker-reference": "a/b"}, "extra": 1}}""", "the payload's critical has an unknown field \"extra\"")]
    [TestCase("""{"critical": {"type": "cosign container image signature", "image": {"docker-manifest-digest": "sha256:x"}, "identity": {"docker-reference": "a/b"}}}""", "the payload's type is \"cosign container image signature\", not \"atomic container signature\"")]
    [TestCase("""{"critical": {"type": "atomic container signature", "image": {}, "identity": {"docker-reference": "a/b"}}}""", "the payload's critical.image lacks \"docker-manifest-digest\"")]
    public void A_payload_with_a_critical_part_the_engine_does_not_understand_is_refused(string json, string problem)
    {
        var e = Assert.Throws<SignatureRejectedException>(() => SignaturePayload.Parse(Encoding.UTF8.GetBytes(json), SignaturePayload.SimpleSigningType));

        Assert.That(e!.Message, Is.EqualTo(problem));
    }

    private static (string, byte[]) Pem(string name, string pem) => (name, Encoding.ASCII.GetBytes(pem));
}
