using CriEngine.Api;
using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The security-context step, by CRI-O's rules: capabilities from default_capabilities and the
/// CRI's additions and drops, the ambient ones asked for, privileged mode, no_new_privs, masked and read-only paths, read-only
/// rootfs, the seccomp filter and the AppArmor profile. SELinux: see <see cref="SelinuxLabels"/>.
/// </summary>
internal static class SecurityContextSpec
{
    /// <summary>containers/common's DefaultMaskedPaths plus the two CRI-O adds.</summary>
    public static IReadOnlyList<string> DefaultMaskedPaths { get; } =
    [
        "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/sched_debug",
        "/proc/scsi", "/proc/timer_list", "/proc/timer_stats", "/sys/dev/block",
        "/sys/devices/virtual/powercap", "/sys/firmware", "/sys/fs/selinux", "/proc/asound",
        "/proc/interrupts",
    ];

    /// <summary>containers/common's DefaultReadOnlyPaths, the same as the kubelet's.</summary>
    public static IReadOnlyList<string> DefaultReadonlyPaths { get; } =
    [
        "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ];

    private const string All = "ALL";
    private const string SysAdmin = "CAP_SYS_ADMIN";

    public static async Task<ContainerSecurity> ForContainerAsync(
        LinuxContainerSecurityContext context, bool sandboxPrivileged, IReadOnlyList<string> boundingSet,
        SecuritySettings settings, ILogger logger, string subject, CancellationToken cancellationToken)
    {
        var privileged = context.Privileged;
        if (privileged && !sandboxPrivileged)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: privileged, but its pod is not");
        // "All capabilities" can only mean the engine's own: runc fails asking for one it lacks.
        var granted = privileged ? boundingSet : Granted(context.Capabilities, boundingSet, settings, subject);
        var capabilities = Sets(granted, Ambient(context.Capabilities, granted, subject), settings);
#pragma warning disable CS0612 // the deprecated string fields are what older kubelets send
        var seccomp = await SeccompSpec.BuildAsync(
            context.Seccomp, context.SeccompProfilePath, privileged, capabilities.Bounding!, settings, subject, cancellationToken).ConfigureAwait(false);
        var apparmor = AppArmorSpec.ForContainer(context.Apparmor, context.ApparmorProfile, privileged, settings, subject);
#pragma warning restore CS0612
        if (context.NoNewPrivs && (privileged || capabilities.Bounding!.Contains(SysAdmin)))
            SpecLog.NoNewPrivilegesWithoutEffect(logger, subject);
        return new ContainerSecurity(
            privileged,
            context.ReadonlyRootfs || settings.ReadOnly,
            capabilities,
            context.NoNewPrivs,
            privileged ? null : Paths(DefaultMaskedPaths, context.MaskedPaths),
            privileged ? null : Paths(DefaultReadonlyPaths, context.ReadonlyPaths),
            seccomp,
            apparmor);
    }

    /// <summary>The infra container's: the default capabilities the engine has.</summary>
    public static OciCapabilities ForSandbox(IReadOnlyList<string> boundingSet, SecuritySettings settings, string subject) =>
        Sets(Defaults(boundingSet, settings, subject), [], settings);

    /// <summary>
    /// CRI-O's rules: the defaults unless add or drop names ALL; add ALL gives every capability
    /// (the engine's), drop ALL none; then the named additions, then the named drops.
    /// </summary>
    private static List<string> Granted(Capability? requested, IReadOnlyList<string> boundingSet, SecuritySettings settings, string subject)
    {
        var add = requested?.AddCapabilities ?? [];
        var drop = requested?.DropCapabilities ?? [];
        var addAll = add.Any(IsAll);
        var dropAll = drop.Any(IsAll);
        var granted = new List<string>();
        if (!addAll && !dropAll)
            granted.AddRange(Defaults(boundingSet, settings, subject));
        if (addAll && !dropAll)
            granted.AddRange(boundingSet);
        foreach (var name in add.Where(name => !IsAll(name)))
        {
            var capability = Known(name, subject);
            if (!boundingSet.Contains(capability))
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: capability {capability} is not in the engine's bounding set");
            if (!granted.Contains(capability))
                granted.Add(capability);
        }
        foreach (var name in drop.Where(name => !IsAll(name)))
            granted.Remove(Known(name, subject));
        return granted;
    }

    /// <summary>
    /// add_ambient_capabilities: ALL means every capability the container holds; a named one must
    /// be one it holds, since the kernel raises an ambient capability only if it is permitted and
    /// inheritable (runc would otherwise leave it out with only a warning).
    /// </summary>
    private static List<string> Ambient(Capability? requested, IReadOnlyList<string> granted, string subject)
    {
        var add = requested?.AddAmbientCapabilities ?? [];
        if (add.Any(IsAll))
            return granted.ToList();
        var ambient = new List<string>();
        foreach (var name in add)
        {
            var capability = Known(name, subject);
            if (!granted.Contains(capability))
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: ambient capability {capability} is not one the container has (add it to add_capabilities)");
            if (!ambient.Contains(capability))
                ambient.Add(capability);
        }
        return ambient;
    }

    // A default the engine itself lacks is left out rather than failing every container.
    private static List<string> Defaults(IReadOnlyList<string> boundingSet, SecuritySettings settings, string subject) =>
        settings.DefaultCapabilities
            .Select(name => CapabilityNames.Normalize(name)
                ?? throw new RpcException(StatusCode.InvalidArgument, $"{subject}: crio.runtime.default_capabilities: unknown capability \"{name}\""))
            .Where(boundingSet.Contains)
            .Distinct()
            .ToList();

    private static string Known(string name, string subject) =>
        CapabilityNames.Normalize(name) ?? throw new RpcException(StatusCode.InvalidArgument, $"{subject}: unknown capability \"{name}\"");

    private static bool IsAll(string name) => string.Equals(name.Trim(), All, StringComparison.OrdinalIgnoreCase);

    // Nothing ambient unless asked for, and nothing inheritable beyond the ambient ones unless
    // add_inheritable_capabilities: a process that switches to a non-root user keeps no other
    // capability (CVE-2022-27652), which is what Kubernetes users expect. An ambient capability
    // must also be inheritable, or the kernel drops it.
    private static OciCapabilities Sets(IReadOnlyList<string> capabilities, IReadOnlyList<string> ambient, SecuritySettings settings) =>
        new()
        {
            Bounding = capabilities,
            Effective = capabilities,
            Permitted = capabilities,
            Inheritable = settings.AddInheritableCapabilities ? capabilities : ambient.Count == 0 ? null : ambient,
            Ambient = ambient.Count == 0 ? null : ambient,
        };

    // The kubelet sends its own list for procMount Default and empty lists for Unmasked. Empty
    // therefore means none (CRI-O's fix for Unmasked, cri-o#9285); a list adds to CRI-O's defaults.
    private static IReadOnlyList<string>? Paths(IReadOnlyList<string> defaults, IReadOnlyCollection<string> requested) =>
        requested.Count == 0 ? null : defaults.Concat(requested).Distinct(StringComparer.Ordinal).ToList();
}
