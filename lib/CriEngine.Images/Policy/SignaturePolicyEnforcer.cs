using CriEngine.Grpc;
using CriEngine.Images.References;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Policy;

/// <summary>
/// Decides whether a pull may go on, once its manifest is fetched and before any layer is:
/// reads the policy and registries.d afresh (nothing is kept past the pull), finds the scope of
/// the reference, and checks each of its requirements against the signatures of the manifest
/// digest actually pulled. A refusal is PermissionDenied, naming the policy file, the scope, the
/// requirement and, for signatures, why each one failed.
/// </summary>
public sealed partial class SignaturePolicyEnforcer(RegistryClient client, ILogger<SignaturePolicyEnforcer> logger)
{
    public async Task EnforceAsync(
        TrustSources trust, ImageReference reference, PullSource source, RegistryCredentials? credentials, Digest manifest, CancellationToken cancellationToken)
    {
        var policy = await LoadPolicyAsync(trust.PolicyPath, reference, cancellationToken).ConfigureAwait(false);
        var scope = policy.ScopeFor(reference);
        if (scope.Requirements.All(requirement => requirement is InsecureAcceptAnything))
            return;
        var signatures = new SignatureSet(client, trust.RegistriesDirectory, reference, source, credentials, manifest);
        foreach (var requirement in scope.Requirements)
        {
            var refusal = requirement switch
            {
                InsecureAcceptAnything => null,
                RejectRequirement => "every image is rejected",
                SignedByRequirement signedBy => await CheckAsync(signedBy.Keys, signedBy.Identity, await signatures.SimpleAsync(cancellationToken).ConfigureAwait(false),
                    (signature, keys) => SimpleSigningVerifier.Verify(signature, keys), SignaturePayload.SimpleSigningType, reference, manifest, "no simple-signing signature found (lookaside " + signatures.Lookaside + ")", cancellationToken).ConfigureAwait(false),
                SigstoreSignedRequirement sigstore => await CheckAsync(sigstore.Keys, sigstore.Identity, await signatures.SigstoreAsync(cancellationToken).ConfigureAwait(false),
                    (signature, keys) =>
                    {
                        SigstoreVerifier.Verify(signature.Payload, signature.Signature ?? throw new SignatureRejectedException($"no {SigstoreVerifier.SignatureAnnotation} annotation"), keys);
                        return signature.Payload;
                    }, SignaturePayload.CosignType, reference, manifest, signatures.SigstoreMissing, cancellationToken).ConfigureAwait(false),
                _ => $"requirement {requirement.Type} is not implemented",
            };
            if (refusal is not null)
            {
                LogRefused(reference.ToString(), manifest.ToString(), policy.Path, scope.Name, requirement.Type, refusal);
                throw new RpcException(StatusCode.PermissionDenied,
                    $"image {reference}: refused by signature policy {policy.Path}: scope {scope.Name}, requirement {requirement.Type}: {refusal}");
            }
        }
        LogAccepted(reference.ToString(), manifest.ToString(), policy.Path, scope.Name);
    }

    private static async Task<SignaturePolicy> LoadPolicyAsync(string path, ImageReference reference, CancellationToken cancellationToken)
    {
        try
        {
            return await SignaturePolicy.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // As containers/image: without a readable policy nothing is trusted.
            throw new RpcException(StatusCode.FailedPrecondition, $"image {reference}: signature policy {path} cannot be read: {e.Message}");
        }
        catch (FormatException e)
        {
            throw new RpcException(StatusCode.FailedPrecondition, $"image {reference}: {e.Message}");
        }
    }

    /// <summary>Null when one signature is by a trusted key, for <paramref name="manifest"/>, with an accepted identity; else why none is.</summary>
    private static async Task<string?> CheckAsync<T>(
        PolicyKeys keySources, SignedIdentity identity, IReadOnlyList<T> signatures, Func<T, IReadOnlyList<(string, byte[])>, byte[]> verify,
        string payloadType, ImageReference reference, Digest manifest, string noneFound, CancellationToken cancellationToken)
    {
        if (signatures.Count == 0)
            return noneFound;
        IReadOnlyList<(string, byte[])> keys;
        try
        {
            keys = await keySources.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"trusted keys cannot be read: {e.Message}";
        }
        var reasons = new List<string>();
        for (var i = 0; i < signatures.Count; i++)
        {
            try
            {
                var payload = SignaturePayload.Parse(verify(signatures[i], keys), payloadType);
                if (payload.ManifestDigest != manifest.ToString())
                    throw new SignatureRejectedException($"it signs manifest {payload.ManifestDigest}, not the pulled {manifest}");
                if (identity.Mismatch(reference, payload.DockerReference) is { } mismatch)
                    throw new SignatureRejectedException(mismatch);
                return null;
            }
            catch (Exception e) when (e is SignatureRejectedException or FormatException)
            {
                reasons.Add($"signature {i + 1}: {e.Message}");
            }
        }
        return string.Join("; ", reasons);
    }

    /// <summary>The signatures of one manifest, each kind fetched once and only if a requirement asks for it.</summary>
    private sealed class SignatureSet(RegistryClient client, string registriesDirectory, ImageReference reference, PullSource source, RegistryCredentials? credentials, Digest manifest)
    {
        private SignatureStorage? _storage;
        private IReadOnlyList<byte[]>? _simple;
        private IReadOnlyList<SigstoreSignature>? _sigstore;

        public string Lookaside { get; private set; } = "";

        public string SigstoreMissing { get; private set; } = "";

        public async Task<IReadOnlyList<byte[]>> SimpleAsync(CancellationToken cancellationToken)
        {
            if (_simple is not null)
                return _simple;
            var lookaside = (await StorageAsync(cancellationToken).ConfigureAwait(false)).LookasideFor(reference);
            Lookaside = lookaside.ToString();
            try
            {
                return _simple = await LookasideSignatures.ReadAsync(lookaside, manifest, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException)
            {
                throw new RpcException(StatusCode.Unavailable, $"image {reference}: signatures cannot be read from {lookaside}: {e.Message}");
            }
        }

        public async Task<IReadOnlyList<SigstoreSignature>> SigstoreAsync(CancellationToken cancellationToken)
        {
            if (_sigstore is not null)
                return _sigstore;
            if (!(await StorageAsync(cancellationToken).ConfigureAwait(false)).UsesSigstoreAttachments(reference))
            {
                SigstoreMissing = $"no sigstore signature read: registries.d ({registriesDirectory}) does not enable use-sigstore-attachments for {reference.Name}";
                return _sigstore = [];
            }
            SigstoreMissing = $"no sigstore signature found (tag {manifest.Algorithm}-{manifest.Hex}.sig in {source.Endpoint.Host}/{source.Repository})";
            return _sigstore = await SigstoreAttachments.ReadAsync(client, source, credentials, manifest, cancellationToken).ConfigureAwait(false);
        }

        private async Task<SignatureStorage> StorageAsync(CancellationToken cancellationToken)
        {
            try
            {
                return _storage ??= await SignatureStorage.LoadAsync(registriesDirectory, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                throw new RpcException(StatusCode.FailedPrecondition, $"image {reference}: {e.Message}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "image {Image}: manifest {Manifest} refused by signature policy {Policy} ({Scope}, {Requirement}): {Reason}")]
    private partial void LogRefused(string image, string manifest, string policy, string scope, string requirement, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "image {Image}: manifest {Manifest} accepted by signature policy {Policy} ({Scope})")]
    private partial void LogAccepted(string image, string manifest, string policy, string scope);
}
