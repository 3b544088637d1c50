using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CriEngine.Images.References;
using CriEngine.TestSupport.Registry;

namespace CriEngine.TestSupport.Signing;

/// <summary>
/// A cosign-style key pair (ECDSA P-256, as <c>cosign generate-key-pair</c> makes) that signs
/// images the way cosign stores signatures in a registry: the simple-signing payload as a layer
/// blob of an OCI manifest tagged <c>sha256-HEX.sig</c> beside the image, the base64 DER
/// signature in the layer's <c>dev.cosignproject.cosign/signature</c> annotation.
/// </summary>
public sealed class TestCosignKey : IDisposable
{
    private const string PayloadMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The public key as cosign writes <c>cosign.pub</c>: what a policy's <c>keyPath</c> names.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>cosign's payload for an image: its manifest digest and the identity it is signed as.</summary>
    public static byte[] Payload(Digest manifest, string dockerReference) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["critical"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["docker-reference"] = dockerReference },
                ["image"] = new JsonObject { ["docker-manifest-digest"] = manifest.ToString() },
                ["type"] = "cosign container image signature",
            },
            ["optional"] = null,
        }.ToJsonString());

    /// <summary>Pushes a signature of <paramref name="manifest"/> claiming <paramref name="dockerReference"/> to the image's repository.</summary>
    public async Task PushSignatureAsync(TestRegistry registry, string repository, Digest manifest, string dockerReference)
    {
        var payload = Payload(manifest, dockerReference);
        var signature = Convert.ToBase64String(_key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var config = "{}"u8.ToArray();
        var payloadDigest = await registry.PushBlobAsync(repository, payload);
        var configDigest = await registry.PushBlobAsync(repository, config);
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest.ToString(), ["size"] = config.Length },
            ["layers"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = PayloadMediaType,
                ["digest"] = payloadDigest.ToString(),
                ["size"] = payload.Length,
                ["annotations"] = new JsonObject { ["dev.cosignproject.cosign/signature"] = signature },
            }),
        }.ToJsonString());
        await registry.PushManifestAsync(repository, $"{manifest.Algorithm}-{manifest.Hex}.sig", body, "application/vnd.oci.image.manifest.v1+json");
    }

    public void Dispose() => _key.Dispose();
}
