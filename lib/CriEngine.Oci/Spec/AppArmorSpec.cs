using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The AppArmor profile of a container: the CRI's profile (or the deprecated profile name), with
/// RuntimeDefault meaning apparmor_profile. A node without AppArmor runs containers unconfined and
/// refuses one that asks for a profile, as the kubelet does: it would run less confined than asked.
/// </summary>
internal static class AppArmorSpec
{
    private const string Unconfined = "unconfined";
    private const string LocalhostPrefix = "localhost/";

    /// <returns>The profile name for the spec, or null for none.</returns>
    public static string? ForContainer(SecurityProfile? profile, string deprecatedName, bool privileged, SecuritySettings settings, string subject)
    {
        if (privileged)
            return null;
        var (asked, name) = Select(profile, deprecatedName, settings, subject);
        if (!settings.Kernel.AppArmor)
        {
            return asked && name is not null
                ? throw new RpcException(StatusCode.FailedPrecondition, $"{subject}: AppArmor profile {name}: AppArmor is not enabled on this node")
                : null;
        }
        return name;
    }

    /// <summary>The infra container's: the default profile where AppArmor is on.</summary>
    public static string? ForSandbox(SecuritySettings settings) =>
        settings.Kernel.AppArmor ? Default(settings) : null;

    // Asked: the request named a profile rather than leaving the choice to the runtime.
    private static (bool Asked, string? Name) Select(SecurityProfile? profile, string deprecatedName, SecuritySettings settings, string subject)
    {
        if (profile is not null)
        {
            return profile.ProfileType switch
            {
                SecurityProfile.Types.ProfileType.Unconfined => (true, null),
                SecurityProfile.Types.ProfileType.Localhost => (true, Local(profile.LocalhostRef, subject)),
                _ => (true, Default(settings)),
            };
        }
        return deprecatedName switch
        {
            "" => (false, Default(settings)),
            "runtime/default" => (true, Default(settings)),
            Unconfined => (true, null),
            _ when deprecatedName.StartsWith(LocalhostPrefix, StringComparison.Ordinal) => (true, Local(deprecatedName, subject)),
            _ => throw new RpcException(StatusCode.InvalidArgument,
                $"{subject}: AppArmor profile \"{deprecatedName}\": must be runtime/default, unconfined or localhost/<name>"),
        };
    }

    private static string? Default(SecuritySettings settings) =>
        settings.ApparmorProfile is "" or Unconfined ? null : settings.ApparmorProfile;

    private static string Local(string reference, string subject)
    {
        var name = reference.StartsWith(LocalhostPrefix, StringComparison.Ordinal) ? reference[LocalhostPrefix.Length..] : reference;
        return name.Length > 0 ? name : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: AppArmor profile Localhost names no profile");
    }
}
