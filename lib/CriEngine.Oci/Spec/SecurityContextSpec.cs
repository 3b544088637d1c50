using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The security-context step: capabilities, privileged mode, no_new_privs, masked and read-only
/// paths, read-only rootfs. Seccomp, AppArmor and SELinux join this step when the engine supports them.
/// </summary>
internal static class SecurityContextSpec
{
    /// <summary>CRI-O's default_capabilities.</summary>
    public static IReadOnlyList<string> DefaultCapabilities { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_KILL",
    ];

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

    public static ContainerSecurity ForContainer(
        LinuxContainerSecurityContext context, bool sandboxPrivileged, IReadOnlyList<string> boundingSet, string subject)
    {
        if (context.Privileged && !sandboxPrivileged)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: privileged, but its pod is not");
        if (context.Privileged)
        {
            // "All capabilities" can only mean the engine's own: runc fails asking for one it lacks.
            var all = Sets(boundingSet);
            return new ContainerSecurity(true, context.ReadonlyRootfs, all, context.NoNewPrivs, null, null);
        }
        return new ContainerSecurity(
            false,
            context.ReadonlyRootfs,
            Capabilities(context.Capabilities, boundingSet, subject),
            context.NoNewPrivs,
            Union(DefaultMaskedPaths, context.MaskedPaths),
            Union(DefaultReadonlyPaths, context.ReadonlyPaths));
    }

    /// <summary>The infra container's: the default capabilities the engine has.</summary>
    public static OciCapabilities ForSandbox(IReadOnlyList<string> boundingSet) =>
        Sets(DefaultCapabilities.Where(boundingSet.Contains).ToList());

    /// <summary>
    /// CRI-O's rules: the defaults unless add or drop names ALL; add ALL gives every capability
    /// (the engine's), drop ALL none; then the named additions, then the named drops.
    /// </summary>
    private static OciCapabilities Capabilities(Capability? requested, IReadOnlyList<string> boundingSet, string subject)
    {
        var add = requested?.AddCapabilities ?? [];
        var drop = requested?.DropCapabilities ?? [];
        var addAll = add.Any(IsAll);
        var dropAll = drop.Any(IsAll);
        var granted = new List<string>();
        if (!addAll && !dropAll)
            granted.AddRange(DefaultCapabilities.Where(boundingSet.Contains));
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
        return Sets(granted);
    }

    private static string Known(string name, string subject) =>
        CapabilityNames.Normalize(name) ?? throw new RpcException(StatusCode.InvalidArgument, $"{subject}: unknown capability \"{name}\"");

    private static bool IsAll(string name) => string.Equals(name.Trim(), All, StringComparison.OrdinalIgnoreCase);

    // Nothing inheritable or ambient: a process that switches to a non-root user keeps no
    // capability (CVE-2022-27652), which is what Kubernetes users expect.
    private static OciCapabilities Sets(IReadOnlyList<string> capabilities) =>
        new() { Bounding = capabilities, Effective = capabilities, Permitted = capabilities };

    private static IReadOnlyList<string> Union(IReadOnlyList<string> defaults, IEnumerable<string> requested) =>
        defaults.Concat(requested).Distinct(StringComparer.Ordinal).ToList();
}
