namespace CriEngine.Oci.Spec;

/// <summary>The Linux capabilities by number, named as the OCI spec names them ("CAP_CHOWN").</summary>
public static class CapabilityNames
{
    /// <summary>Index = capability number (linux/capability.h), up to CAP_CHECKPOINT_RESTORE.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>
    /// The names of the capabilities set in a mask such as the CapBnd line of /proc/self/status
    /// (hexadecimal there): how the engine learns its own bounding set.
    /// </summary>
    public static IReadOnlyList<string> FromMask(ulong mask) =>
        Known.Where((_, number) => (mask & (1UL << number)) != 0).ToList();

    /// <summary>"chown", "CHOWN" and "cap_chown" all name CAP_CHOWN; null when no capability has that name.</summary>
    public static string? Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        var full = upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
        return Known.Contains(full) ? full : null;
    }
}
