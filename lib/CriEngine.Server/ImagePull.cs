using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Images.Policy;
using CriEngine.Images.Pull;
using CriEngine.Images.Registry;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public async Task<PullImageResponse> PullImage(PullImageRequest request, CallContext context)
    {
        var name = RequireImageName(request.Image);
        var snapshot = config.Current;
        var authFile = await AuthFileAsync(snapshot.Config.Image.GlobalAuthFile, context.CancellationToken).ConfigureAwait(false);
        var options = new PullOptions(snapshot.Registries, Credentials(request.Auth), authFile, Trust(snapshot, request.SandboxConfig?.Metadata?.Namespace));
        Images.Store.ImageRecord image;
        try
        {
            image = await images.PullAsync(name, options, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            engine.Metrics.ImagePullFailed(Telemetry.PullFailureCategory.Of(e));
            throw;
        }
        engine.Metrics.ImagePullSucceeded();
        return new PullImageResponse { ImageRef = image.Id };
    }

    /// <summary>The signature policy of a pull: the pod namespace's own when the request names a pod and one exists (CRI-O's rule).</summary>
    internal static TrustSources Trust(ConfigSnapshot snapshot, string? podNamespace) =>
        TrustSources.Choose(snapshot.Config.Image.SignaturePolicy, snapshot.Config.Image.SignaturePolicyDir, podNamespace, Environment.GetEnvironmentVariable("HOME"));

    private static string RequireImageName(ImageSpec? spec) =>
        string.IsNullOrWhiteSpace(spec?.Image) ? throw new RpcException(StatusCode.InvalidArgument, "no image name given") : spec.Image;

    /// <summary>The credentials of a CRI <c>AuthConfig</c>, in the order containerd and CRI-O honour its fields.</summary>
    private static RegistryCredentials? Credentials(AuthConfig? auth)
    {
        if (auth is null)
            return null;
        if (auth.RegistryToken.Length > 0)
            return new RegistryCredentials(null, null, RegistryToken: auth.RegistryToken);
        if (auth.Username.Length > 0)
            return new RegistryCredentials(auth.Username, auth.Password, auth.IdentityToken.Length > 0 ? auth.IdentityToken : null);
        if (auth.Auth.Length > 0)
            return RegistryCredentials.FromAuthField(auth.Auth, auth.IdentityToken.Length > 0 ? auth.IdentityToken : null);
        return auth.IdentityToken.Length > 0 ? new RegistryCredentials(null, null, auth.IdentityToken) : null;
    }

    private static async Task<AuthFile?> AuthFileAsync(string path, CancellationToken cancellationToken) =>
        path.Length == 0 ? null : await AuthFile.LoadAsync(path, cancellationToken).ConfigureAwait(false);
}
