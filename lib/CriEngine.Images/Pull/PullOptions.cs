using CriEngine.Images.Policy;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;

namespace CriEngine.Images.Pull;

/// <summary>How one pull finds its image and proves who it is: one config snapshot's registries and auth.</summary>
/// <param name="Credentials">Given with the request (CRI <c>AuthConfig</c>); they win over the auth file.</param>
/// <param name="AuthFile">An auth file (<c>global_auth_file</c>, <c>pause_image_auth_file</c>) to look credentials up in, per registry.</param>
/// <param name="Trust">The signature policy the pull must satisfy; the daemon always gives one, null (no check) is for tests of the store alone.</param>
public sealed record PullOptions(RegistriesConfig Registries, RegistryCredentials? Credentials = null, AuthFile? AuthFile = null, TrustSources? Trust = null)
{
    public RegistryCredentials? CredentialsFor(PullSource source) =>
        Credentials ?? AuthFile?.Lookup(source.Endpoint.Host, source.Repository);
}
