using CriEngine.Grpc;
using CriEngine.Images.Manifests;
using CriEngine.Images.References;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;

namespace CriEngine.Images.Policy;

/// <summary>
/// Reads the sigstore signatures stored in the registry beside an image, as cosign writes them:
/// an OCI manifest tagged <c>sha256-HEX.sig</c> in the image's repository, one layer per
/// signature with the payload as its blob (<c>application/vnd.dev.cosign.simplesigning.v1+json</c>)
/// and the signature in its annotation. No such tag means no signatures.
/// </summary>
internal static class SigstoreAttachments
{
    public const string PayloadMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    private const int MaxPayloadBytes = 4 << 20;

    public static async Task<IReadOnlyList<SigstoreSignature>> ReadAsync(
        RegistryClient client, PullSource source, RegistryCredentials? credentials, Digest manifest, CancellationToken cancellationToken)
    {
        ManifestResponse response;
        try
        {
            response = await client.GetManifestAsync(source.Endpoint, source.Repository, $"{manifest.Algorithm}-{manifest.Hex}.sig", credentials, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == StatusCode.NotFound)
        {
            return [];
        }
        if (ManifestParser.Parse(response.Content, response.MediaType) is not ImageManifest attachments)
            throw new RpcException(StatusCode.InvalidArgument, $"sigstore signatures of {manifest}: the .sig tag is not an image manifest");
        var signatures = new List<SigstoreSignature>();
        foreach (var layer in attachments.Layers.Where(layer => layer.MediaType == PayloadMediaType))
        {
            if (layer.Size > MaxPayloadBytes)
                throw new RpcException(StatusCode.InvalidArgument, $"sigstore signature {layer.Digest} of {manifest} is over {MaxPayloadBytes} bytes");
            await using var blob = await client.OpenBlobAsync(source.Endpoint, source.Repository, layer.Digest, layer.Size, credentials, cancellationToken).ConfigureAwait(false);
            var payload = new MemoryStream((int)layer.Size);
            await blob.CopyToAsync(payload, cancellationToken).ConfigureAwait(false);
            signatures.Add(new SigstoreSignature(payload.ToArray(), layer.Annotations?.GetValueOrDefault(SigstoreVerifier.SignatureAnnotation)));
        }
        return signatures;
    }
}
