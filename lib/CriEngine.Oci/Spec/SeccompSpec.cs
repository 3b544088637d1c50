using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Seccomp;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The seccomp filter of a container or an infra container, by CRI-O's rules: the CRI's profile
/// (or the deprecated profile path) says RuntimeDefault, Unconfined or a profile file on the node;
/// RuntimeDefault is seccomp_profile's file or the built-in profile; a request that names none
/// follows seccomp_use_default_when_empty. Rules that depend on a capability are resolved against
/// the process's bounding set. A privileged container (or the infra container of a privileged
/// pod) runs under privileged_seccomp_profile's file, or unconfined when there is none.
/// </summary>
internal static class SeccompSpec
{
    private const string LocalhostPrefix = "localhost/";

    private enum Kind
    {
        RuntimeDefault,
        Unconfined,
        Localhost,
    }

    public static async Task<OciSeccomp?> BuildAsync(
        SecurityProfile? profile, string deprecatedPath, bool privileged, IReadOnlyCollection<string> bounding,
        SecuritySettings settings, string subject, CancellationToken cancellationToken)
    {
        if (privileged)
        {
            return settings.PrivilegedSeccompProfile.Length > 0
                ? (await SeccompProfile.LoadAsync(settings.PrivilegedSeccompProfile, $"{subject}: crio.runtime.privileged_seccomp_profile", cancellationToken).ConfigureAwait(false))
                    .ToOci(bounding, settings.Kernel.Seccomp)
                : null;
        }
        var (kind, path) = Select(profile, deprecatedPath, settings, subject);
        SeccompProfile? chosen = kind switch
        {
            Kind.Unconfined => null,
            Kind.Localhost => await SeccompProfile.LoadAsync(path, $"{subject}: seccomp profile", cancellationToken).ConfigureAwait(false),
            _ when settings.SeccompProfile.Length > 0 =>
                await SeccompProfile.LoadAsync(settings.SeccompProfile, $"{subject}: crio.runtime.seccomp_profile", cancellationToken).ConfigureAwait(false),
            _ => SeccompProfile.Default,
        };
        return chosen?.ToOci(bounding, settings.Kernel.Seccomp);
    }

    private static (Kind Kind, string Path) Select(SecurityProfile? profile, string deprecatedPath, SecuritySettings settings, string subject)
    {
        if (profile is not null)
        {
            return profile.ProfileType switch
            {
                SecurityProfile.Types.ProfileType.Unconfined => (Kind.Unconfined, ""),
                SecurityProfile.Types.ProfileType.Localhost => (Kind.Localhost, LocalPath(profile.LocalhostRef, subject)),
                _ => (Kind.RuntimeDefault, ""),
            };
        }
        return deprecatedPath switch
        {
            "" => (settings.SeccompUseDefaultWhenEmpty ? Kind.RuntimeDefault : Kind.Unconfined, ""),
            "runtime/default" or "docker/default" => (Kind.RuntimeDefault, ""),
            "unconfined" => (Kind.Unconfined, ""),
            _ when deprecatedPath.StartsWith(LocalhostPrefix, StringComparison.Ordinal) =>
                (Kind.Localhost, LocalPath(deprecatedPath[LocalhostPrefix.Length..], subject)),
            _ => throw new RpcException(StatusCode.InvalidArgument,
                $"{subject}: seccomp profile \"{deprecatedPath}\": a custom profile must be \"localhost/<path>\" (or runtime/default, docker/default, unconfined)"),
        };
    }

    // The kubelet sends the absolute path of the file; older ones "localhost/" and a path that has
    // lost its leading slash.
    private static string LocalPath(string reference, string subject)
    {
        var path = reference.StartsWith(LocalhostPrefix, StringComparison.Ordinal) ? reference[LocalhostPrefix.Length..] : reference;
        if (path.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: seccomp profile Localhost names no file");
        return path.StartsWith('/') ? path : "/" + path;
    }
}
