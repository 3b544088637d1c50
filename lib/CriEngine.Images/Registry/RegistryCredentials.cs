using System.Text;
using CriEngine.Grpc;

namespace CriEngine.Images.Registry;

/// <summary>
/// What to authenticate to a registry with, as the CRI's AuthConfig and auth.json carry it: a user
/// name and password (sent as Basic, or to a token server), an identity token (an OAuth2 refresh
/// token for the token server), or a registry token (sent as Bearer as it is).
/// </summary>
public sealed record RegistryCredentials(string? Username, string? Password, string? IdentityToken = null, string? RegistryToken = null)
{
    public bool HasUsername => !string.IsNullOrEmpty(Username);

    /// <summary>
    /// From the <c>auth</c> field of auth.json or the CRI: base64 of <c>user:password</c>.
    /// Returns null when the decoded text has no colon: such entries are skipped, as Docker and
    /// containers/image skip them.
    /// </summary>
    /// <exception cref="RpcException">InvalidArgument when the field is not base64.</exception>
    public static RegistryCredentials? FromAuthField(string auth, string? identityToken = null)
    {
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(auth.Trim());
        }
        catch (FormatException)
        {
            throw new RpcException(StatusCode.InvalidArgument, "credentials: the auth field is not base64");
        }
        var text = Encoding.UTF8.GetString(decoded);
        var colon = text.IndexOf(':');
        if (colon < 0)
            return null;
        return new RegistryCredentials(text[..colon], text[(colon + 1)..].Trim('\0'), string.IsNullOrEmpty(identityToken) ? null : identityToken);
    }

    /// <summary>Never prints the secrets: records print every property by default.</summary>
    public override string ToString() =>
        $"RegistryCredentials {{ Username = {Username}, Password = {Hidden(Password)}, IdentityToken = {Hidden(IdentityToken)}, RegistryToken = {Hidden(RegistryToken)} }}";

    private static string Hidden(string? secret) => string.IsNullOrEmpty(secret) ? "" : "***";
}
