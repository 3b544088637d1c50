namespace CriEngine.Oci.Spec;

/// <summary>
/// The node's security settings every container starts from: the configuration's keys (CRI-O's
/// names and defaults) as in force for this one call, and what the kernel offers.
/// </summary>
public sealed record SecuritySettings
{
    /// <summary>CRI-O's default for crio.runtime.default_capabilities.</summary>
    public static IReadOnlyList<string> CrioDefaultCapabilities { get; } =
        ["CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "KILL"];

    /// <summary>default_capabilities, as the config writes them ("CHOWN" or "CAP_CHOWN").</summary>
    public IReadOnlyList<string> DefaultCapabilities { get; init; } = CrioDefaultCapabilities;

    /// <summary>add_inheritable_capabilities: the granted capabilities go to the inheritable set too.</summary>
    public bool AddInheritableCapabilities { get; init; }

    /// <summary>seccomp_profile: the RuntimeDefault profile file; empty means the built-in one.</summary>
    public string SeccompProfile { get; init; } = "";

    /// <summary>privileged_seccomp_profile: the profile file of privileged containers; empty runs them unconfined.</summary>
    public string PrivilegedSeccompProfile { get; init; } = "";

    /// <summary>seccomp_use_default_when_empty: a container that names no profile gets RuntimeDefault, else none.</summary>
    public bool SeccompUseDefaultWhenEmpty { get; init; } = true;

    /// <summary>apparmor_profile: the RuntimeDefault AppArmor profile; "unconfined" turns AppArmor off.</summary>
    public string ApparmorProfile { get; init; } = "crio-default";

    /// <summary>default_sysctls, as name=value: every pod's unless it sets them itself.</summary>
    public IReadOnlyList<string> DefaultSysctls { get; init; } = [];

    /// <summary>default_ulimits, as name=soft[:hard]: every container's.</summary>
    public IReadOnlyList<string> DefaultUlimits { get; init; } = [];

    /// <summary>read_only: every container's root filesystem is read-only, with writable tmpfs on /run, /tmp and /var/tmp.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>pids_limit: the process limit of every container; zero or less sets none.</summary>
    public long PidsLimit { get; init; } = -1;

    /// <summary>The kernel's security modules and architecture.</summary>
    public KernelSecurity Kernel { get; init; } = KernelSecurity.None;
}
